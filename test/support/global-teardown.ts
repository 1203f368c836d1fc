import { assertTempRootsRemoved } from './temp-root';

export default assertTempRootsRemoved;
