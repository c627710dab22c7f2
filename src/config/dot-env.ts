/**
 * Reads `.env` from the working folder into `process.env` (variables already set win), as the app and its
 * command-line scripts all do; no file is no error: the environment alone configures them then.
 */
export function readDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env file
  }
}
