// The cargo cache plugin (netlify/plugins/cargo-cache) run as Netlify runs it, with Netlify's
// own cache utility (@netlify/cache-utils) over a temporary cache folder: what one deploy
// saves, the next one finds in place before it compiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bindOpts } from "@netlify/cache-utils";

const here = dirname(fileURLToPath(import.meta.url));
const plugin = await import(resolve(here, "../../netlify/plugins/cargo-cache/index.js"));

test("a deploy restores the target folder and the crates the previous deploy saved", async () => {
  const root = mkdtempSync(join(tmpdir(), "spindel-netlify-"));
  const repo = join(root, "repo");
  const cargoHome = join(root, "cargo-home");
  mkdirSync(join(repo, "target", "release"), { recursive: true });
  writeFileSync(join(repo, "target", "release", "spindel"), "compiled");
  mkdirSync(join(cargoHome, "registry", "cache"), { recursive: true });
  writeFileSync(join(cargoHome, "registry", "cache", "tera.crate"), "crate");
  const utils = { cache: bindOpts({ cacheDir: join(root, "netlify-cache"), cwd: repo }) };
  const saved = process.env.CARGO_HOME;
  const cwd = process.cwd();
  process.env.CARGO_HOME = cargoHome;
  process.chdir(repo);
  try {
    assert.deepEqual(plugin.cachedPaths(), [join(cargoHome, "registry"), join(cargoHome, "git"), "target"]);
    await plugin.onPostBuild({ utils });
    // The next deploy starts from a fresh clone and a fresh machine.
    rmSync(join(repo, "target"), { recursive: true });
    rmSync(cargoHome, { recursive: true });
    await plugin.onPreBuild({ utils });
    assert.equal(readFileSync(join(repo, "target", "release", "spindel"), "utf8"), "compiled");
    assert.equal(readFileSync(join(cargoHome, "registry", "cache", "tera.crate"), "utf8"), "crate");
    // Nothing was cached for git dependencies (there are none), and nothing is made up.
    assert.equal(existsSync(join(cargoHome, "git")), false);
  } finally {
    process.chdir(cwd);
    if (saved === undefined) delete process.env.CARGO_HOME;
    else process.env.CARGO_HOME = saved;
    rmSync(root, { recursive: true, force: true });
  }
});
