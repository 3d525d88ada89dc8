/** A system toolchain that some specs need (see toolchains.mjs). */
export interface Toolchain {
  id: string;
  name: string;
  packages: string[];
  needed: RegExp;
  present(): boolean;
}
export const TOOLCHAINS: Toolchain[];
export function aptPackages(root: string): string[];
export function specFiles(root: string): string[];
export function specsNeeding(root: string, toolchain: Toolchain): string[];
export function missingToolchains(pretend?: string[]): Toolchain[];
export function leftOut(excluded: string[], vitestArgs: string[]): string[];
