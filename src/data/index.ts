/** DL3 data: data store, observations, event lists, GTIs, pointing. Browser-safe; see `gammats/data/node` for files. */
export * from "./data-store.js";
export * from "./event-list.js";
export * from "./files.js";
export * from "./gti.js";
export * from "./hdu-index.js";
export * from "./obs-table.js";
export * from "./observation.js";
export * from "./pointing.js";
