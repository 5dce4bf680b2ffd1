/** Environment-variable expansion in file names (configs, models and datasets YAML). */

/** Expands `$VAR` and `${VAR}` from `env`; unknown variables are left unchanged (Python's `os.path.expandvars`). */
export function expandVars(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$(\w+)|\$\{([^}]+)\}/g, (m, a, b) => env[a ?? b] ?? m);
}
