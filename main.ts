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

const app = new App();
buildPlatform(app, config);
app.synth();
