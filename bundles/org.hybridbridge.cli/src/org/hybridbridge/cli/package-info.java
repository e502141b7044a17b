/** {@code hb}, the headless command line: everything the workbench shows, as text or JSON. */
package org.hybridbridge.cli;
