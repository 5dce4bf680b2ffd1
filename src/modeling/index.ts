/** Modeling: parameters, spectral models, sky models and their YAML, priors, and the likelihood fit. */
export * from "./covariance.js";
export * from "./darkmatter/index.js";
export * from "./error-band.js";
export * from "./fermi.js";
export * from "./fit.js";
export * from "./models.js";
export * from "./models-io.js";
export * from "./parameter.js";
export * from "./priors.js";
export * from "./sampler/index.js";
export * from "./spatial.js";
export * from "./spatial-io.js";
export * from "./spectral.js";
export * from "./spectral-models.js";
export * from "./temporal.js";
