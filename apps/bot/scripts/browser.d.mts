export interface FoundChromium {
  readonly path: string;
  readonly source: "CHROMIUM_PATH" | "PATH";
}
export function findChromium(env?: NodeJS.ProcessEnv): FoundChromium | undefined;
export function chromiumVersion(path: string): string;
export function installChromium(env?: NodeJS.ProcessEnv): { ok: true } | { ok: false; why: string };
export const NOT_BROWSER_TESTED: string;
