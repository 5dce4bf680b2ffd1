/**
 * The one error path (cli/errors.ts) and the output folders (cli/output-folder.ts) as units: Node's system errors and
 * allocation failures become typed one-line reports with the documented exit codes; a staged folder replaces the
 * output folder whole; leftovers of killed runs are cleaned and a folder set aside by a killed swap is restored.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeFailure, deserializeError, EXIT, serializeError } from "../../cli/errors.js";
import { OutputFolder, recoverOutputFolder } from "../../cli/output-folder.js";
import { FitsError } from "../../src/fits/errors.js";
import { GammatsError } from "../../src/util/errors.js";

const sys = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: something, ${syscall}`), { code, syscall, path });

describe("describeFailure", () => {
  it.each([
    ["ENOENT", "open", "NOT_FOUND", "cannot open '/x': no such file or folder (ENOENT)"],
    ["EACCES", "mkdir", "PERMISSION_DENIED", "cannot create folder '/x': permission denied (EACCES)"],
    ["EROFS", "open", "PERMISSION_DENIED", "cannot open '/x': read-only file system (EROFS)"],
    ["ENOTDIR", "stat", "NOT_A_DIRECTORY", "cannot access '/x': a part of the path is not a folder (ENOTDIR)"],
    ["EISDIR", "open", "IS_A_DIRECTORY", "cannot open '/x': is a folder (EISDIR)"],
    ["EEXIST", "mkdir", "ALREADY_EXISTS", "cannot create folder '/x': already exists (EEXIST)"],
    ["ELOOP", "stat", "SYMLINK_LOOP", "cannot access '/x': too many levels of symbolic links (ELOOP)"],
    ["ENOSPC", "write", "DISK_FULL", "cannot write '/x': no space left on device (ENOSPC)"],
  ])("%s is a one-line %s with exit code 4", (code, syscall, typed, text) => {
    const f = describeFailure(sys(code, syscall, "/x"));
    expect(f).toMatchObject({ exitCode: EXIT.FILESYSTEM, code: typed, line: `gammats: ${text} [${typed}]` });
  });

  it("allocation failures are OUT_OF_MEMORY (exit 5); anything else is an internal error (exit 1) that says so", () => {
    expect(describeFailure(new RangeError("Array buffer allocation failed"))).toMatchObject({
      exitCode: EXIT.RESOURCES,
      code: "OUT_OF_MEMORY",
    });
    const bug = describeFailure(new TypeError("x is not a function"));
    expect(bug).toMatchObject({ exitCode: EXIT.INTERNAL, code: "INTERNAL" });
    expect(bug.line).toMatch(
      /^gammats: internal error: TypeError: x is not a function \(a bug.*--debug\) \[INTERNAL\]$/,
    );
  });

  it("typed errors keep their message; a missing HDU is bad input (3), a missing FITS file a file error (4)", () => {
    expect(describeFailure(new GammatsError("BAD_CONFIG", "m\nn", { file: "c.yaml", key: "a" }))).toMatchObject({
      exitCode: EXIT.BAD_INPUT,
      line: "gammats: c.yaml: a: m n [BAD_CONFIG]",
    });
    expect(describeFailure(new FitsError("NOT_FOUND", "no HDU 'X'", { file: "f.fits" })).exitCode).toBe(EXIT.BAD_INPUT);
    const missing = new FitsError("NOT_FOUND", "cannot open", { file: "f.fits" }, undefined, {
      cause: sys("ENOENT", "open"),
    });
    expect(describeFailure(missing).exitCode).toBe(EXIT.FILESYSTEM);
    // the same after crossing a thread boundary
    expect(describeFailure(deserializeError(serializeError(missing))).exitCode).toBe(EXIT.FILESYSTEM);
    expect(describeFailure(deserializeError(serializeError(sys("ENOSPC", "write", "/y")))).code).toBe("DISK_FULL");
    expect(describeFailure(new GammatsError("CANCELLED", "cancelled")).exitCode).toBe(EXIT.CANCELLED);
  });
});

describe("OutputFolder", () => {
  const base = mkdtempSync(join(tmpdir(), "gammats-outfolder-"));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const out = join(base, "out");

  it("commit replaces the previous folder whole; discard leaves it as it was", () => {
    mkdirSync(out);
    writeFileSync(join(out, "result.json"), "old");
    writeFileSync(join(out, "old-only.txt"), "x");
    const a = OutputFolder.open(out);
    writeFileSync(join(a.staging, "result.json"), "new");
    a.commit();
    expect(readdirSync(out)).toEqual(["result.json"]);
    expect(readFileSync(join(out, "result.json"), "utf8")).toBe("new");
    const b = OutputFolder.open(out);
    writeFileSync(join(b.staging, "result.json"), "newer");
    b.discard();
    expect(readFileSync(join(out, "result.json"), "utf8")).toBe("new");
    expect(readdirSync(base)).toEqual(["out"]);
  });

  it("the next run cleans what a killed run left, and restores a folder a killed swap had set aside", () => {
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    mkdirSync(join(base, `.out.gammats-tmp-${dead}-abcd`));
    rmSync(out, { recursive: true });
    mkdirSync(join(base, `.out.gammats-old-${dead}-beef`));
    writeFileSync(join(base, `.out.gammats-old-${dead}-beef`, "result.json"), "set aside");
    recoverOutputFolder(out);
    expect(readdirSync(base)).toEqual(["out"]);
    expect(readFileSync(join(out, "result.json"), "utf8")).toBe("set aside");
    // a live process's staging folder is not touched
    const live = join(base, `.out.gammats-tmp-${process.ppid}-cafe`);
    mkdirSync(live);
    recoverOutputFolder(out);
    expect(existsSync(live)).toBe(true);
  });
});
