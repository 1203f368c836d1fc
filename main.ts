import { App } from 'cdktf';
import { ConfigError, loadConfig } from './config';
import { buildPlatform } from './stacks/platform';

// Validate before creating the App, so a bad configuration writes nothing.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Construct stack traces are kept in no synthesized file, and capturing one per construct costs a fifth of the synth.
const app = new App({ stackTraces: false });
buildPlatform(app, config);
app.synth();
