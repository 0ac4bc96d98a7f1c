/**
 * What this service knows about the layout of RHCOS (CoreOS) live images: the paths of the files it serves,
 * edits or checks, and the architecture names that change them ({@link org.assisted.imageservice.coreos.RhcosPaths}).
 * Imports the JDK only.
 */
package org.assisted.imageservice.coreos;
