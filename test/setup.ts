import { Testing } from 'cdktf';

// Registers cdktf's matchers (toHaveResourceWithProperties, toBeValidTerraform, ...) for every test file.
Testing.setupJest();
