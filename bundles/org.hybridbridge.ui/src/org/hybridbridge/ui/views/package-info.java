/** The workbench's views. */
package org.hybridbridge.ui.views;
