/** Bayesian sampling: nested sampling with an MLFriends region (UltraNest's algorithm) and Gammapy's `Sampler`. */
export * from "./nested.js";
export * from "./region.js";
export * from "./sampler.js";
