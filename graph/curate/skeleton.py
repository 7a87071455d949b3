"""`szkg init DIR`: a new corpus folder that builds at once.

The example document is two paragraphs of a real article (中國新聞周刊, 2025-08-25, on
Shenzhen's 1987 "18號文件"), with the entities and facts they state, so that ``szkg build``
in the new folder produces a small graph and shows the shape of every source file.  The
ontology is the one shipped with szkg unless the folder gets an ``ontology/`` of its own.
"""

from __future__ import annotations

from pathlib import Path

from graph.curate.edit import write_atomic
from graph.errors import ProjectError

EXAMPLE_ID = "example-18-document"

EXAMPLE_TEXT = (
    "轉折點出現在1987年。彼時,深圳頒發“18號文件”,鼓勵科技人員創辦民營科技企業,并明確產權。"
    "這份“準生證”,一年內催生了70多家民營科技企業,財富效應吸引全國人才涌入,掀起創辦民營科技企業的熱潮。\n\n"
    "同年創立的華為便是縮影。任正非曾坦言:“如果沒有18號文件,我不會想創辦華為。”\n"
)

FILES = {
    "sources/documents.yaml": f"""\
# Metadata of the source documents: one entry per file under documents/, kept as received.
# Quotes in facts/ refer to the clean text szkg derives from each file (see the szkg docs).
- id: {EXAMPLE_ID}
  file: documents/{EXAMPLE_ID}.txt
  title: 深圳式創新:勇闖“無人區”（節選）
  script: zh-Hant
  publisher: 中國新聞周刊
  author: 楊智杰 呂雪良
  date: 2025-08-25
  notes: Two paragraphs of the article, as an example; replace them with your own documents.
""",
    "sources/entities.yaml": """\
# Every entity of the graph: one per real-world thing across all documents.
# label: simplified Chinese (zh-Hant is derived); en: English name; aliases: other names as written.
- {id: huawei, type: Firm, label: 华为, en: Huawei, aliases: [華為]}
- {id: ren-zhengfei, type: Person, label: 任正非, en: Ren Zhengfei}
- {id: shenzhen, type: Place, label: 深圳, en: Shenzhen}
- {id: policy-18-1987, type: Policy, label: 18号文件, en: Document No. 18 (1987), aliases: [18號文件]}
""",
    f"sources/facts/{EXAMPLE_ID}.yaml": f"""\
document: {EXAMPLE_ID}
statements:
  - {{s: policy-18-1987, p: issuedBy, o: shenzhen, quote: "彼時,深圳頒發“18號文件”"}}
  - {{s: policy-18-1987, p: enabled, o: huawei, quote: "如果沒有18號文件,我不會想創辦華為"}}
  - {{s: huawei, p: foundedBy, o: ren-zhengfei, quote: "任正非曾坦言:“如果沒有18號文件,我不會想創辦華為。”"}}
attributes:
  - {{s: policy-18-1987, p: issuedYear, value: "1987", quote: "轉折點出現在1987年。彼時,深圳頒發“18號文件”"}}
""",
    f"sources/documents/{EXAMPLE_ID}.txt": EXAMPLE_TEXT,
    "README.md": """\
# A szkg corpus

```
sources/
  documents/         the articles, kept byte for byte as received (.txt, .md, .html)
  documents.yaml     one entry per document: id, file, title, script, publisher, date, url
  entities.yaml      every entity: id, type, label, en, aliases
  facts/<id>.yaml    the facts each document states, each with its verbatim quote
  review/            what `szkg extract` proposes, until `szkg accept` takes it
ontology/            optional: your own szkg.ttl and shapes.ttl (default: szkg's own)
out/                 what `szkg build` writes (dumps, store, report.html, explorer.html)
```

Start here:

    szkg build                      # validate and build the example
    szkg entity 华为                 # what the graph says of Huawei, with quotes
    szkg ingest ~/articles/*.html   # add your own articles
    szkg extract DOC_ID             # propose facts for one; review, then `szkg accept DOC_ID`
""",
}


def init_project(folder: Path) -> list[Path]:
    """Create the corpus folder ``folder`` (it may exist, but must hold no ``sources/``);
    the files written, in order.  ProjectError if it is already a project."""
    folder = Path(folder)
    if (folder / "sources").exists():
        raise ProjectError(f"{folder}: already holds sources/; nothing was changed")
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder}: exists and is not a folder")
    written = []
    for rel, text in FILES.items():
        path = folder / rel
        write_atomic(path, text)
        written.append(path)
    return written
