/**
 * `gammats info` on the real data stores and files.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { info } from "../../cli/commands/info.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";

describe.skipIf(!DATA_DIR)("gammats info", () => {
  it("lists the 105 H.E.S.S. DR1 observations with the obs-index values (JSON)", () => {
    const out = JSON.parse(info(dataPath("hess-dl3-dr1"), { json: true }));
    expect(out.observations).toHaveLength(105);
    const crab = out.observations.find((o: Record<string, unknown>) => o.OBS_ID === 23523);
    expect(crab.OBJECT).toBe("Crab Nebula");
    expect(crab.LIVETIME).toBeCloseTo(1581.7368, 3);
    expect(crab.TSTART).toBe(123890826);
    expect(Object.keys(crab)).toContain("SAFE_ENERGY_LO");
  });
  it("works on the MAGIC and VERITAS data stores", () => {
    expect(
      JSON.parse(info(dataPath("magic/rad_max/data"), { json: true })).observations.map(
        (o: { OBS_ID: number }) => o.OBS_ID,
      ),
    ).toEqual([5029748, 5029747]);
    expect(JSON.parse(info(dataPath("veritas/crab-point-like-ED"), { json: true })).observations).toHaveLength(4);
    expect(info(dataPath("veritas/crab-point-like-ED"))).toContain("4 observations");
  });
  it("prints the HDUs and the event summary of a DL3 file", () => {
    const text = info(dataPath("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz"));
    expect(text).toContain("6    BKG      bintable  1 rows x 7 cols     RESPONSE/BKG/FULL-ENCLOSURE/BKG_3D");
    expect(text).toContain("Number of events  : 7613");
  });
  it("runs as a command and reports bad input with a typed error and exit code 3", () => {
    const out = execFileSync("npx", ["tsx", "cli/main.ts", "info", dataPath("magic/rad_max/data"), "--json"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(JSON.parse(out).observations).toHaveLength(2);
    let code = 0;
    let stderr = "";
    try {
      execFileSync("npx", ["tsx", "cli/main.ts", "info", dataPath("README.md")], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err) {
      code = (err as { status: number }).status;
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(code).toBe(3);
    expect(stderr).toMatch(/NOT_FITS/);
  });
});
