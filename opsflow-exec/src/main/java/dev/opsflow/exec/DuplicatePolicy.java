package dev.opsflow.exec;

/** What happens when two sources provide a file of the same name. */
public enum DuplicatePolicy {
    /** All files go straight into the target directory; a later source overwrites an earlier one. */
    OVERWRITE,
    /** Files of a {@link FileSource.RemoteFiles} source go to {@code <targetDir>/<sourceHostName>/}. */
    PER_SOURCE_HOST_SUBDIR
}
