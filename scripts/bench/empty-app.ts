import { App, TerraformStack } from 'cdktf';

// The baseline for `npm run bench`: what cdktf costs before the platform adds anything.
const app = new App();
new TerraformStack(app, 'empty');
app.synth();
