/** Fit statistics (Cash, C-stat, WStat) and counts statistics (excess, significance, errors, upper limits). */
export * from "./counts-statistic.js";
export * from "./fit-statistics.js";
export * from "./roots.js";
export * from "./significance.js";
