export type Launch = { mode: 'desktop' } | { mode: 'download' } | { mode: 'headless'; reason: string };
export function installedElectron(root: string): string | undefined;
export function chooseLaunch(input: {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  electron: string | undefined;
  downloadFailed?: boolean;
}): Launch;
