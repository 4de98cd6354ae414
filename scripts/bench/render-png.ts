import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const CHROMIUM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first Chromium on PATH, or undefined. */
export function findChromium(pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_CANDIDATES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Screenshots `svgFile` into `pngFile` with headless Chromium at the SVG's size. Rejects when Chromium
 * fails or takes more than `timeoutMs`; its whole process group is killed then, so no renderer lingers.
 */
export async function renderPng(options: {
  chromium: string;
  svgFile: string;
  pngFile: string;
  width: number;
  height: number;
  timeoutMs?: number;
}): Promise<void> {
  const child = spawn(
    options.chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      `--window-size=${options.width},${options.height}`,
      `--screenshot=${options.pngFile}`,
      `file://${options.svgFile}`,
    ],
    { stdio: 'ignore', detached: true },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`chromium did not finish within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(options.pngFile)) resolve();
      else reject(new Error(`chromium exited with ${code}`));
    });
  });
}
