import { removeCachedApps } from './synth-cache';
import { removeLeftoverTempRoots } from './temp-root';

export default function globalTeardown(): void {
  removeCachedApps();
  removeLeftoverTempRoots();
}
