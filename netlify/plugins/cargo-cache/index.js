// Keeps cargo's work between Netlify deploys, so that a deploy without a Rust change does not
// compile spindel from scratch: cargo's downloaded crates and the compiled `target/` are
// restored before the build and saved after it, with Netlify's own cache utility
// (`utils.cache`, which keeps files between builds of the same site).
import { homedir } from "node:os";
import { join } from "node:path";

/** What is kept: the crates cargo downloaded, and what it compiled. */
export function cachedPaths(env = process.env) {
  const cargoHome = env.CARGO_HOME || join(homedir(), ".cargo");
  return [join(cargoHome, "registry"), join(cargoHome, "git"), env.CARGO_TARGET_DIR || "target"];
}

export const onPreBuild = async function ({ utils }) {
  for (const path of cachedPaths()) {
    const restored = await utils.cache.restore(path);
    console.log(`cargo cache: ${restored ? "restored" : "nothing cached for"} ${path}`);
  }
};

export const onPostBuild = async function ({ utils }) {
  for (const path of cachedPaths()) {
    const saved = await utils.cache.save(path);
    console.log(`cargo cache: ${saved ? "saved" : "nothing to save at"} ${path}`);
  }
};
