import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';

/** The storage operations of the retention handler (handlers/retention), as its S3 store offers them. */
export interface RetentionStore {
  list(prefix: string): Promise<Array<{ key: string; lastModified: Date }>>;
  listDirectories(prefix: string): Promise<string[]>;
  read(key: string): Promise<string>;
  deleteTree(prefix: string): Promise<number>;
}

/**
 * The same operations over the directory of distribution's `filesystem`
 * driver: a key is a path below `root`, an object's last-modified time is
 * its file's mtime. Deleting a tree removes the directory, as the
 * filesystem driver's Delete does (an empty tag directory left behind
 * would still be listed as a tag).
 */
export function filesystemStore(root: string): RetentionStore {
  const walk = (dir: string, prefix: string): Array<{ key: string; lastModified: Date }> => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).sort().flatMap((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      return stat.isDirectory() ? walk(path, `${prefix}${name}/`) : [{ key: `${prefix}${name}`, lastModified: stat.mtime }];
    });
  };
  return {
    async list(prefix) {
      if (!prefix.endsWith('/')) throw new Error(`list: expected a directory prefix, got ${prefix}`);
      return walk(join(root, prefix), prefix);
    },
    async listDirectories(prefix) {
      const dir = join(root, prefix);
      if (!existsSync(dir)) return [];
      return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory()).sort();
    },
    async read(key) {
      return readFileSync(join(root, key), 'utf8');
    },
    async deleteTree(prefix) {
      if (!prefix.endsWith('/')) throw new Error(`deleteTree: expected a directory prefix, got ${prefix}`);
      const count = walk(join(root, prefix), prefix).length;
      rmSync(join(root, prefix), { recursive: true, force: true });
      return count;
    },
  };
}
