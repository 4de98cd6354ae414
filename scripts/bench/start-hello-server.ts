import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface HelloServer {
  readonly url: string;
  /** its process, whose CPU time is the baseline's */
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts hello-server.ts as a child process and resolves once it listens. Rejects if it exits first or takes 10 s. */
export async function startHelloServer(): Promise<HelloServer> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'hello-server.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the hello-world baseline did not start within 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`the hello-world baseline exited with ${code}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /^listening (\d+)$/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        resolve(Number(match[1]));
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      pid: child.pid!,
      async close() {
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
