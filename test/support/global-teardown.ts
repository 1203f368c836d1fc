import { removeCachedApps } from './synth-cache';
import { assertTempRootsRemoved } from './temp-root';

export default function globalTeardown(): void {
  removeCachedApps();
  assertTempRootsRemoved();
}
