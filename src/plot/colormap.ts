/**
 * Colour maps for images: matplotlib's `viridis` and `inferno` (perceptually uniform, sequential) and `RdBu_r`
 * (ColorBrewer red-blue, diverging, reversed so that positive values are red). Each is tabulated as matplotlib's
 * 256-entry lookup table in 8-bit RGB (the values `cmap(x, bytes=True)` returns in matplotlib 3.6), and values map
 * to entries as in matplotlib: `index = floor(t * 256)`, clipped to 0…255. Browser-safe.
 */
import { ArgumentError } from "../util/errors.js";

/** Name of a colour map. */
export type ColormapName = "viridis" | "inferno" | "RdBu_r";

/** Names of the available colour maps. */
export const COLORMAP_NAMES: readonly ColormapName[] = ["viridis", "inferno", "RdBu_r"];

/** Number of entries of every colour-map lookup table. */
export const COLORMAP_SIZE = 256;

/** matplotlib 3.6 lookup tables, `cmap(np.linspace(0, 1, 256), bytes=True)[:, :3]` as hexadecimal RGB triplets. */
const HEX_TABLES: Record<ColormapName, string> = {
  viridis: [
    "44015444025544035745055845065a45085b46095c460b5e460c5f460e61470f62471163471265471466471567471669",
    "47186a48196b481a6c481c6e481d6f481e70482071482172482273482374472575472676472777472878472a79472b7a",
    "472c7b462d7c462f7c46307d46317e45327f45347f453580453681443781443982433a83433b83433c84423d84423e85",
    "4240854141864142864043874044873f45873f47883e48883e49893d4a893d4b893d4c893c4d8a3c4e8a3b508a3b518a",
    "3a528b3a538b39548b39558b38568b38578c37588c37598c365a8c365b8c355c8c355d8c345e8d345f8d33608d33618d",
    "32628d32638d31648d31658d31668d30678d30688d2f698d2f6a8d2e6b8e2e6c8e2e6d8e2d6e8e2d6f8e2c708e2c718e",
    "2c728e2b738e2b748e2a758e2a768e2a778e29788e29798e287a8e287a8e287b8e277c8e277d8e277e8e267f8e26808e",
    "26818e25828e25838d24848d24858d24868d23878d23888d23898d22898d228a8d228b8d218c8d218d8c218e8c208f8c",
    "20908c20918c1f928c1f938b1f948b1f958b1f968b1e978a1e988a1e998a1e998a1e9a891e9b891e9c891e9d881e9e88",
    "1e9f881ea0871fa1871fa2861fa38620a48520a58521a68521a78422a78423a88323a98224aa8225ab8126ac8127ad80",
    "28ae7f29af7f2ab07e2bb17d2cb17d2eb27c2fb37b30b47a32b57a33b67935b77836b87738b97639b9763bba753dbb74",
    "3ebc7340bd7242be7144be7045bf6f47c06e49c16d4bc26c4dc26b4fc36951c46853c56755c66657c66559c7645bc862",
    "5ec96160c96062ca5f64cb5d67cc5c69cc5b6bcd596dce5870ce5672cf5574d05477d05279d1517cd24f7ed24e81d34c",
    "83d34b86d44988d5478bd5468dd64490d64392d74195d73f97d83e9ad83c9dd93a9fd938a2da37a5da35a7db33aadb32",
    "addc30afdc2eb2dd2cb5dd2bb7dd29bade27bdde26bfdf24c2df22c5df21c7e01fcae01ecde01dcfe11cd2e11bd4e11a",
    "d7e219dae218dce218dfe318e1e318e4e318e7e419e9e419ece41aeee51bf1e51cf3e51ef6e61ff8e621fae622fde724",
  ].join(""),
  inferno: [
    "00000300000400000601000701010901010b02010e02021003021204031404031605041806041b07051d08061f090621",
    "0a07230b07260d08280e082a0f092d10092f120a32130a34140b36160b39170b3b190b3e1a0b401c0c431d0c451f0c47",
    "200c4a220b4c240b4e260b50270b52290b542b0a562d0a582e0a5a300a5c32095d34095f3509603709613909623b0964",
    "3c09653e0966400966410967430a68450a69460a69480b6a4a0b6a4b0c6b4d0c6b4f0d6c500d6c520e6c530e6d550f6d",
    "570f6d58106d5a116d5b116e5d126e5f126e60136e62146e63146e65156e66156e68166e6a176e6b176e6d186e6e186e",
    "70196e72196d731a6d751b6d761b6d781c6d7a1c6d7b1d6c7d1d6c7e1e6c801f6b811f6b83206b85206a86216a88216a",
    "8922698b22698d23698e24689024689125679325679526669626669827659928649b28649c29639e2963a02a62a12b61",
    "a32b61a42c60a62c5fa72d5fa92e5eab2e5dac2f5cae305baf315bb1315ab23259b43358b53357b73456b83556ba3655",
    "bb3754bd3753be3852bf3951c13a50c23b4fc43c4ec53d4dc73e4cc83e4bc93f4acb4049cc4148cd4247cf4446d04544",
    "d14643d24742d44841d54940d64a3fd74b3ed94d3dda4e3bdb4f3adc5039dd5238de5337df5436e05634e25733e35832",
    "e45a31e55b30e65c2ee65e2de75f2ce8612be9622aea6428eb6527ec6726ed6825ed6a23ee6c22ef6d21f06f1ff0701e",
    "f1721df2741cf2751af37719f37918f47a16f57c15f57e14f68012f68111f78310f7850ef8870df8880cf88a0bf98c09",
    "f98e08f99008fa9107fa9306fa9506fa9706fb9906fb9b06fb9d06fb9e07fba007fba208fba40afba60bfba80dfbaa0e",
    "fbac10fbae12fbb014fbb116fbb318fbb51afbb71cfbb91efabb21fabd23fabf25fac128f9c32af9c52cf9c72ff8c931",
    "f8cb34f8cd37f7cf3af7d13cf6d33ff6d542f5d745f5d948f4db4bf4dc4ff3de52f3e056f3e259f2e45df2e660f1e864",
    "f1e968f1eb6cf1ed70f1ee74f1f079f1f27df2f381f2f485f3f689f4f78df5f891f6fa95f7fb99f9fc9dfafda0fcfea4",
  ].join(""),
  RdBu_r: [
    "05306106326307346608366909386c0a3a6f0b3c720c3e750d40780e437b0f457e114781124984134b87144d8a154f8d",
    "1651901754931856951958981a5a9b1c5c9e1d5ea11e60a41f62a72064aa2166ac2368ad246aae256caf276db0286fb0",
    "2971b12b73b22c75b32d76b42f78b5307ab6317cb7337db8347fb93581b93783ba3884bb3986bc3b88bd3c8abe3d8bbf",
    "3f8dc0408fc14191c24393c34694c44996c54c98c64f9ac7529cc8559ec958a0ca5ba2cb5ea4cc61a6cd65a8ce68aacf",
    "6bacd06eaed171b0d274b2d377b4d57ab6d67db8d780bad884bcd987beda8ac0db8dc2dc90c4dd93c5de95c6df98c8df",
    "9ac9e09dcae19fcbe1a2cde2a4cee3a7cfe4a9d0e4abd2e5aed3e6b0d4e6b3d5e7b5d7e8b8d8e8bad9e9bddaeabfdceb",
    "c2ddebc4deecc7dfedc9e1edcce2eecee3efd1e5f0d2e5f0d3e6f0d5e7f0d6e7f1d8e8f1d9e9f1dbe9f1dceaf2deebf2",
    "dfecf2e1ecf3e2edf3e4eef3e5eef3e7eff4e8f0f4eaf1f4ebf1f4edf2f5eef3f5f0f3f5f1f4f6f3f5f6f4f5f6f6f6f6",
    "f7f6f6f7f5f4f7f4f2f7f3f0f8f2eef8f0ecf8efeaf8eee8f9ede7f9ece5f9ebe3f9eae1f9e9dffae8ddfae7dbfae5d9",
    "fae4d7fbe3d6fbe2d4fbe1d2fbe0d0fcdfcefcdeccfcddcafcdcc8fddbc7fcd8c4fcd6c1fbd4befbd2bcfbd0b9faceb6",
    "faccb4facab1f9c7aef9c5abf9c3a9f8c1a6f8bfa3f8bda1f7bb9ef7b99bf7b799f6b496f6b293f5b090f5ae8ef5ac8b",
    "f4aa88f4a886f4a683f3a380f2a07ef19e7cef9b7aee9878ed9676ec9374eb9072ea8e70e88b6ee7886ce6856ae58368",
    "e48065e27d63e17b61e0785fdf755dde725bdd7059db6d57da6a55d96853d86551d7624fd6604dd45d4bd35a4ad15749",
    "d05447ce5146cd4f45cc4c43ca4942c94641c7433fc6403ec53e3cc33b3bc2383ac03538bf3237be3036bc2d34bb2a33",
    "b92732b82431b6212fb51f2eb41c2db2192bb0172aad162aaa1529a71429a41328a112289e11279b1027991027960f26",
    "930e26900d258d0c258a0b24870a248409238108237e07227b06227805217504217203206f02206c011f69001f67001f",
  ].join(""),
};

const LUTS = new Map<ColormapName, Uint8Array>();

/**
 * The lookup table of colour map `name`: 256 entries × RGB, 8 bits each (length 768, entry `i` at `3 i`…`3 i + 2`).
 * Throws an `ArgumentError` for an unknown name. The table is shared: do not modify it.
 */
export function colormapLut(name: ColormapName): Uint8Array {
  let lut = LUTS.get(name);
  if (lut) return lut;
  const hex = HEX_TABLES[name];
  if (hex === undefined) {
    throw new ArgumentError(`unknown colour map ${JSON.stringify(name)}`, "colormap", COLORMAP_NAMES.join(", "));
  }
  lut = new Uint8Array(COLORMAP_SIZE * 3);
  for (let i = 0; i < lut.length; i++) lut[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  LUTS.set(name, lut);
  return lut;
}

/** Whether colour map `name` is diverging (its middle is the neutral colour, for ranges symmetric about zero). */
export function isDivergingColormap(name: ColormapName): boolean {
  return name === "RdBu_r";
}

/**
 * Index into a 256-entry lookup table of the normalised value `t` (0 → first entry, 1 → last), as matplotlib:
 * `floor(t * 256)` clipped to 0…255, so values below 0 or above 1 take the end colours. Returns -1 for NaN.
 */
export function colormapIndex(t: number): number {
  if (Number.isNaN(t)) return -1;
  const i = Math.floor(t * COLORMAP_SIZE);
  return i < 0 ? 0 : i >= COLORMAP_SIZE ? COLORMAP_SIZE - 1 : i;
}

/**
 * Colour of the normalised value `t` (0…1, clipped) in colour map `name` as 8-bit `[r, g, b]`. Throws an
 * `ArgumentError` for NaN.
 */
export function colormapRgb(name: ColormapName, t: number): [number, number, number] {
  const i = colormapIndex(t);
  if (i < 0) throw new ArgumentError("NaN has no colour", "t", "a number");
  const lut = colormapLut(name);
  return [lut[3 * i], lut[3 * i + 1], lut[3 * i + 2]];
}

/** Colour of the normalised value `t` (0…1, clipped) in colour map `name` as `#rrggbb` (see `colormapRgb`). */
export function colormapHex(name: ColormapName, t: number): string {
  return `#${colormapRgb(name, t)
    .map((c) => c.toString(16).padStart(2, "0"))
    .join("")}`;
}

/**
 * Colours `values` with colour map `name` over the range `[vmin, vmax]` (values outside take the end colours)
 * into 8-bit RGBA, 4 bytes per value in the same order. NaN (and ±Infinity) values become fully transparent
 * (`0, 0, 0, 0`). Throws an `ArgumentError` unless `vmin < vmax`, both finite.
 */
export function applyColormap(values: ArrayLike<number>, vmin: number, vmax: number, name: ColormapName): Uint8Array {
  if (!(Number.isFinite(vmin) && Number.isFinite(vmax) && vmax > vmin)) {
    throw new ArgumentError(`invalid colour range [${vmin}, ${vmax}]`, "vmin/vmax", "finite with vmin < vmax");
  }
  const lut = colormapLut(name);
  const out = new Uint8Array(values.length * 4);
  const scale = 1 / (vmax - vmin);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    const i = colormapIndex((v - vmin) * scale);
    out[4 * k] = lut[3 * i];
    out[4 * k + 1] = lut[3 * i + 1];
    out[4 * k + 2] = lut[3 * i + 2];
    out[4 * k + 3] = 255;
  }
  return out;
}
