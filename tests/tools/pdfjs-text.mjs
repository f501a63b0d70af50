// tests/tools/pdfjs-text.mjs — print the text pdf.js extracts from a PDF, one
// line per text line (items joined; hasEOL ends a line).  pdf.js warnings
// go to stderr prefixed "pdfjs-warning:".  Usage: node pdfjs-text.mjs PDFJS_DIR FILE.pdf
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [dir, file] = process.argv.slice(2);
const warn = console.log;
console.log = (...a) => process.stderr.write("pdfjs-warning: " + a.join(" ") + "\n");
const pdfjs = await import(pathToFileURL(dir + "/node_modules/pdfjs-dist/legacy/build/pdf.mjs").href);
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 1,
	useSystemFonts: false, disableFontFace: true }).promise;
let out = "";
for (let p = 1; p <= doc.numPages; p++) {
	const page = await doc.getPage(p);
	const tc = await page.getTextContent();
	for (const it of tc.items) {
		out += it.str;
		if (it.hasEOL) out += "\n";
	}
	out += "\n\f";
	// Make the fonts load (and warn) as a viewer would.
	await page.getOperatorList();
}
process.stdout.write(out);
console.log = warn;
