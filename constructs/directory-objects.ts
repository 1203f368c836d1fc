import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { S3Object } from '../providers/aws';
import type { SecureBucket } from './secure-bucket';

/** Folders that hold what a tool derived from the files (Python byte code), never the files themselves. */
const DERIVED_FOLDERS = new Set(['__pycache__']);

/** Content types by extension, so the S3 console shows text as text. @default application/octet-stream */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.py': 'text/x-python',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '': 'text/plain',
};

/** One file of the folder as its object: where it comes from and what it holds. */
export interface DirectoryFile {
  /** Path relative to the folder, with `/` separators. */
  readonly path: string;
  /** Object key: `keyPrefix` + `path`. */
  readonly key: string;
  /** SHA-256 of the content, hex. */
  readonly sha256: string;
}

export interface DirectoryObjectsProps {
  /** Absolute path of the local folder; every file under it becomes one object. */
  readonly directory: string;
  /** The bucket the objects go to. */
  readonly bucket: SecureBucket;
  /** Start of every key, ending with `/`, e.g. `dags/`. */
  readonly keyPrefix: string;
}

/**
 * Every file under a local folder as one S3 object, keyed by its path under `keyPrefix`. Each
 * object carries the SHA-256 of its content (`source_hash`, and `sha256` metadata a reader can
 * check), and its upload comes from a copy of the file stored by that content (a cdktf asset),
 * so a changed file replaces its object's content (a new version in a versioned bucket), an
 * unchanged one is left alone, and a removed one is deleted. The bucket's default encryption
 * applies; objects set no ACL.
 */
export class DirectoryObjects extends Construct {
  readonly files: readonly DirectoryFile[];

  constructor(scope: Construct, id: string, props: DirectoryObjectsProps) {
    super(scope, id);
    if (!/^([a-z0-9][a-z0-9._-]*\/)+$/.test(props.keyPrefix)) {
      throw new Error(`DirectoryObjects ${id}: keyPrefix must be one or more lower-case folder names each ending with "/", e.g. "dags/", got "${props.keyPrefix}"`);
    }
    const paths = filesUnder(props.directory);
    if (paths.length === 0) throw new Error(`DirectoryObjects ${id}: directory ${props.directory} holds no files; there is nothing to ship`);

    this.files = paths.map((path) => {
      const absolute = join(props.directory, path);
      const sha256 = createHash('sha256').update(readFileSync(absolute)).digest('hex');
      const key = `${props.keyPrefix}${path}`;
      const objectId = path.replace(/[^A-Za-z0-9]+/g, '-');
      const asset = new TerraformAsset(this, `${objectId}-content`, { path: absolute, type: AssetType.FILE });
      new S3Object(this, objectId, {
        bucket: props.bucket.bucketName,
        key,
        source: asset.path,
        sourceHash: sha256,
        contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        metadata: { sha256 },
      });
      return { path, key, sha256 };
    });
  }
}

/** Paths of the regular files under `directory`, relative and `/`-separated, sorted; derived folders left out. */
export function filesUnder(directory: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return DERIVED_FOLDERS.has(entry.name) ? [] : walk(path);
      return entry.isFile() || statSync(path).isFile() ? [relative(directory, path).split(sep).join('/')] : [];
    });
  return walk(directory).sort();
}
