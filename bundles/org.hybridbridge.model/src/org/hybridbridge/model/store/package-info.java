/**
 * Reading and writing the model's files (EMF binary resources), atomically.
 */
package org.hybridbridge.model.store;
