/** Kept in step with package.json by the `version` test. */
export const VERSION = '1.0.0'
