/**
 * Dark matter, Gammapy's `gammapy.astro.darkmatter`: density profiles, J- and D-factor maps, PPPC4DMID primary
 * spectra and the annihilation and decay spectral models. It lives in `modeling` because its spectral models are
 * models (read and written in models YAML); it needs only `util` and `maps`.
 */
export * from "./jfactory.js";
export * from "./primary-flux.js";
export * from "./profiles.js";
export * from "./spectral.js";
