/** The gammats version written into file headers (CREATOR) and reports. Keep in step with package.json. */
export const GAMMATS_VERSION = "0.1.0";
