// node /tmp/clip.mjs URL out.png width [selector|x,y,w,h]
import { launch } from "/work/main/tests/browser/common.mjs";
const [url, out, width, sel] = process.argv.slice(2);
const b = await launch();
const p = await b.newPage({ viewport: { width: Number(width || 1280), height: 900 } });
await p.goto(url);
if (sel && /^\d/.test(sel)) { const [x,y,w,h] = sel.split(",").map(Number); await p.screenshot({ path: out, clip: {x,y,width:w,height:h}, fullPage: true }); }
else if (sel) await p.locator(sel).first().screenshot({ path: out });
else await p.screenshot({ path: out, fullPage: true });
const sw = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
console.log("scrollWidth/clientWidth", sw);
await b.close();
