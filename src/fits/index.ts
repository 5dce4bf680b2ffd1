/**
 * FITS reading and writing for gammats: headers, images, binary tables (all TFORMs, TDIM, VLAs, scaling),
 * gzip, CHECKSUM/DATASUM. Browser-safe; file access lives in `gammats/fits/node`.
 */
export * from "./bintable.js";
export * from "./checksum.js";
export * from "./errors.js";
export * from "./file.js";
export * from "./hdu.js";
export * from "./header.js";
export * from "./image.js";
export * from "./source.js";
export * from "./table-io.js";
export * from "./tform.js";
export * from "./writer.js";
