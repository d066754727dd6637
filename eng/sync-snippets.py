#!/usr/bin/env python3
"""Rewrites every ```csharp block of the documentation from the snippet regions of tests/Aios.Docs.Tests/Snippets.

In a snippet file, the code between `// <snippet:NAME>` and `// </snippet:NAME>` is the region NAME (several regions
of one name are joined by a blank line, e.g. the using directives at the top of the file and the body of the test
method; common indentation is removed). In markdown, the line `<!-- snippet: NAME -->` right before a ```csharp block
says which region the block shows. This script replaces each such block's text with the region's, so that the code
is edited (and compiled, and run by a test) in one place only. DocsSnippetTests checks the same rules.

    python3 eng/sync-snippets.py           rewrite the blocks that differ and list the files changed
    python3 eng/sync-snippets.py --check   change nothing; exit 1 when a block differs, lacks a marker or names no region
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "tests" / "Aios.Docs.Tests" / "Snippets"
REGION_START = re.compile(r"^\s*// <snippet:([A-Za-z0-9_.-]+)>\s*$")
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*([A-Za-z0-9_.-]+)\s*-->\s*$")


def dedent(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    indent = min(indents) if indents else 0
    return "\n".join("" if not l.strip() else l[indent:].rstrip() for l in lines)


def read_snippets():
    parts = {}
    for path in sorted(SNIPPETS.rglob("*.cs")):
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        i = 0
        while i < len(lines):
            match = REGION_START.match(lines[i])
            if match:
                name = match.group(1)
                end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == f"// </snippet:{name}>"), None)
                if end is None:
                    sys.exit(f"{path}:{i + 1}: region '{name}' is never closed")
                parts.setdefault(name, []).append(dedent(lines[i + 1:end]))
                i = end
            i += 1
    return {name: "\n\n".join(texts) for name, texts in parts.items()}


def markdown_files():
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").rglob("*.md"))
    for folder in ("src", "samples"):
        for project in sorted((ROOT / folder).iterdir()):
            if (project / "README.md").is_file():
                yield project / "README.md"


def main():
    check = "--check" in sys.argv[1:]
    snippets = read_snippets()
    used, problems, changed = set(), [], []
    for path in markdown_files():
        relative = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        out, i = [], 0
        while i < len(lines):
            line = lines[i]
            out.append(line)
            if line.rstrip() != "```csharp":
                i += 1
                continue
            end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() == "```"), None)
            if end is None:
                sys.exit(f"{relative}:{i + 1}: unclosed code block")
            marker = MARKER.match(lines[i - 1]) if i > 0 else None
            block = "\n".join(lines[i + 1:end])
            if marker is None:
                problems.append(f"{relative}:{i + 1}: a ```csharp block without '<!-- snippet: NAME -->' before it")
                out.extend(lines[i + 1:end])
            elif marker.group(1) not in snippets:
                problems.append(f"{relative}:{i + 1}: snippet '{marker.group(1)}' is not a region of {SNIPPETS.relative_to(ROOT)}")
                out.extend(lines[i + 1:end])
            else:
                used.add(marker.group(1))
                code = snippets[marker.group(1)]
                if code != block:
                    problems.append(f"{relative}:{i + 1}: block differs from snippet '{marker.group(1)}'")
                out.extend(code.split("\n"))
            out.append(lines[end])
            i = end + 1
        new_text = "\n".join(out)
        if new_text != text and not check:
            path.write_text(new_text, encoding="utf-8")
            changed.append(str(relative))
    for name in sorted(set(snippets) - used):
        problems.append(f"snippet '{name}' is shown by no markdown block")
    for name in changed:
        print(f"updated {name}")
    unfixable = [p for p in problems if check or "differs" not in p]
    for problem in unfixable:
        print(problem, file=sys.stderr)
    return 1 if unfixable else 0


if __name__ == "__main__":
    sys.exit(main())
