import { setupJest } from 'cdktf/lib/testing/adapters/jest';

// Registers (and types) cdktf's matchers: toHaveResourceWithProperties, toBeValidTerraform, ...
setupJest();
