/**
 * Defaults shared by the library and the command line (no imports: the CLI's start-up loads it eagerly).
 */

/** Time zone of times without an offset when neither the command nor a profile names one. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Share of a file's rows (0–1) that may be rejected before the whole file is refused. */
export const DEFAULT_MAX_REJECT_RATE = 0.1;

/**
 * Share of a file's rows (0–1) that may repeat another row of the same file exactly before the whole file is
 * refused: a clean export rarely repeats itself; many repeats mean rows that differ only in data servq did
 * not see, or a broken export.
 */
export const DEFAULT_MAX_DUPLICATE_RATE = 0.05;
