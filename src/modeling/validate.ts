/**
 * Validation of models before a fit: every parameter finite, its bounds ordered and its value inside them (Gammapy
 * would clamp silently or let the optimiser start outside). Problems are `BAD_MODELS` errors naming the parameter.
 */
import { GammatsError } from "../util/errors.js";
import type { Models } from "./models.js";

/** Throws the first invalid parameter of `models` (its full name, e.g. `crab.spectral.index`, as key). */
export function validateModels(models: Models, file?: string): void {
  for (const [p, name] of models.parameterNames()) {
    const fail = (message: string, expected: string): never => {
      throw new GammatsError("BAD_MODELS", message, { file, key: name }, expected);
    };
    if (!Number.isFinite(p.value)) fail(`value ${p.value} is not finite`, "a finite number");
    if (Number.isFinite(p.min) && Number.isFinite(p.max) && p.min > p.max)
      fail(`min ${p.min} is above max ${p.max}`, "min <= max");
    if (p.name === "lat_0" && Math.abs(p.value) > 90 && p.unit === "deg")
      fail(`latitude ${p.value} deg is outside [-90, 90]`, "a latitude in [-90, 90] deg");
    if (p.value < p.min || p.value > p.max)
      fail(
        `value ${p.value} ${p.unit} is outside its bounds [${Number.isNaN(p.min) ? "-inf" : p.min}, ${Number.isNaN(p.max) ? "inf" : p.max}]`,
        "a start value inside the bounds",
      );
  }
}
