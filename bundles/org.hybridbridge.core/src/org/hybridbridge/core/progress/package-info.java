/** Progress and cancellation of long engine work, independent of Eclipse. */
package org.hybridbridge.core.progress;
