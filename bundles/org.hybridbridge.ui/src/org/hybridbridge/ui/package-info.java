/** The Hybrid-Bridge workbench: application, perspective, adapters between core and Eclipse. */
package org.hybridbridge.ui;
