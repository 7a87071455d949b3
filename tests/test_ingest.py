"""`graph.curate.ingest`: new documents in any encoding, stable ids, replacement, bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from graph.curate.edit import SourcesEdit
from graph.curate.ingest import ingest
from graph.curate.sources import load_corpus
from graph.errors import SourceError
from graph.text import clean
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY

DATA = Path(__file__).parent / "data"


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def documents(root: Path) -> dict[str, dict]:
    return {d["id"]: d for d in yaml.safe_load((root / "documents.yaml").read_text(encoding="utf-8"))}


def test_ingest_adds_documents_in_utf8_big5_and_gb18030(sources_copy):
    header = (sources_copy / "documents.yaml").read_text(encoding="utf-8").splitlines()[0]
    results = ingest([DATA / "new_article_hans.md", DATA / "new_article_hant_big5.txt",
                      DATA / "new_article_gb18030.html"], sources_copy, ONTOLOGY)
    assert [r.action for r in results] == ["added"] * 3
    docs = documents(sources_copy)
    hans, hant, html = (docs[r.document] for r in results)
    assert hans["title"] == "深圳机器人企业加速走向海外" and hans["publisher"] == "测试通讯社"  # front matter
    assert str(hans["date"]) == "2026-01-15"
    assert hant["script"] == "zh-Hant" and hans["script"] == "zh-Hans"
    assert html["title"] == "前海跨境电商平台扩容" and html["author"] == "测试记者"  # HTML head
    assert (sources_copy / "documents.yaml").read_text(encoding="utf-8").startswith(header)  # comments kept
    stored = (sources_copy / hans["file"]).read_bytes()
    assert b"publisher:" not in stored  # the front matter went to documents.yaml
    corpus = load_corpus(sources_copy, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    text = corpus.documents[results[1].document].text
    assert "晶航半導體" in text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert results[1].document.endswith("_" + digest)


def test_the_same_content_again_is_a_no_op_in_any_encoding(sources_copy, tmp_path):
    first = ingest([DATA / "new_article_hant_big5.txt"], sources_copy, ONTOLOGY)[0]
    before = snapshot(sources_copy)
    utf8 = tmp_path / "same.txt"
    utf8.write_text((DATA / "new_article_hant_big5.txt").read_bytes().decode("big5"), encoding="utf-8")
    again = ingest([DATA / "new_article_hant_big5.txt", utf8], sources_copy, ONTOLOGY)
    assert [(r.action, r.document) for r in again] == [("unchanged", first.document)] * 2
    assert snapshot(sources_copy) == before


def test_a_changed_document_replaces_the_old_one_and_its_stale_facts(sources_copy, tmp_path):
    old_file = tmp_path / "v1.txt"
    old_file.write_text("华为总部位于深圳。\n腾讯在深圳成立。\n", encoding="utf-8")
    first = ingest([old_file], sources_copy, ONTOLOGY, options={"title": "测试稿"})[0]
    facts = sources_copy / "facts" / f"{first.document}.yaml"
    facts.write_text(f"document: {first.document}\nstatements:\n"
                     "  - {s: huawei, p: locatedIn, o: shenzhen, quote: 华为总部位于深圳。}\n"
                     "  - {s: tencent, p: locatedIn, o: shenzhen, quote: 腾讯在深圳成立。}\n", encoding="utf-8")
    (sources_copy / "review").mkdir(exist_ok=True)
    (sources_copy / "review" / f"{first.document}.yaml").write_text("document: x\n", encoding="utf-8")
    new_file = tmp_path / "v2.txt"
    new_file.write_text("华为总部位于深圳。\n比亚迪也在深圳。\n", encoding="utf-8")
    second = ingest([new_file], sources_copy, ONTOLOGY, options={"title": "测试稿"})[0]
    assert (second.action, second.replaced) == ("replaced", first.document)
    assert (second.kept_facts, second.dropped_facts) == (1, 1)
    assert first.document not in documents(sources_copy) and second.document in documents(sources_copy)
    assert not facts.exists() and not (sources_copy / "review" / f"{first.document}.yaml").exists()
    assert not list((sources_copy / "documents").glob(f"{first.document}.*"))
    corpus = load_corpus(sources_copy, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    mine = [s for s in corpus.statements if s.evidence.document == second.document]
    assert [(s.subject, s.object) for s in mine] == [("huawei", "shenzhen")]


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"  \n", "file is empty"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    ("garbled.txt", b"\xff\xfe\xff\xff" * 200, "cannot decode"),
    ("scan.pdf", "深圳".encode(), "unsupported file type '.pdf'"),
    ("big.txt", "深圳".encode() * 400, "over the limit of 1000 bytes"),
    ("front.md", "---\ntitle: [oops\n---\n深圳\n".encode(), "malformed front matter"),
    ("date.md", "---\ndate: 2025-13\n---\n深圳\n".encode(), "date '2025-13'"),
    ("french.txt", "La ville de Shenzhen accueille de nombreuses entreprises de technologie et des usines.".encode(),
     "language 'fr' is not supported"),
    ("japanese.txt", "深圳の企業はドローンを世界中に輸出しています。".encode(), "language 'ja' is not supported"),
])
def test_bad_input_is_refused_and_nothing_is_written(sources_copy, tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(sources_copy)
    good = DATA / "new_article_hans.md"  # listed first: all files of a call are written together or not at all
    with pytest.raises(SourceError) as exc:
        ingest([good, bad], sources_copy, ONTOLOGY, max_bytes=1000 if name == "big.txt" else 20_000_000)
    assert message in str(exc.value) and str(bad) in str(exc.value)
    assert snapshot(sources_copy) == before


def test_a_failed_validation_writes_nothing(sources_copy, monkeypatch):
    before = snapshot(sources_copy)

    def refuse(self, ontology_dir):
        raise SourceError("refused for the test")

    monkeypatch.setattr(SourcesEdit, "validate", refuse)
    with pytest.raises(SourceError, match="refused"):
        ingest([DATA / "new_article_hans.md"], sources_copy, ONTOLOGY)
    assert snapshot(sources_copy) == before


def test_stored_text_cleans_like_the_seeds(sources_copy):
    result = ingest([DATA / "new_article_gb18030.html"], sources_copy, ONTOLOGY)[0]
    entry = documents(sources_copy)[result.document]
    raw = (sources_copy / entry["file"]).read_bytes()
    assert raw == (DATA / "new_article_gb18030.html").read_bytes()  # kept as received
    assert "<p>" not in clean(raw) and "星桥跨境科技有限公司" in clean(raw)


@pytest.mark.parametrize("text, script", [
    ("深圳的无人机企业大疆创新在南山区。", "zh-Hans"),
    ("深圳的無人機企業大疆創新在南山區。", "zh-Hant"),
    ("DJI, the drone maker headquartered in Shenzhen, supplies cameras to many firms.", "en"),
    # English with a few Chinese names is English; Chinese with Latin names is Chinese
    ("BYD (比亚迪) opened a parts plant in Shenzhen's Pingshan district on Monday, the company said.", "en"),
    ("华为Mate 60 Pro搭载的麒麟9000S芯片由中芯国际代工。", "zh-Hans"),
])
def test_the_script_is_detected(text, script):
    from graph.text import detect_script

    assert detect_script(text) == script


def test_an_english_article_is_ingested_as_en(sources_copy, tmp_path):
    article = tmp_path / "english.txt"
    article.write_text("Shenzhen-based UBTech said on Tuesday that its Walker S robots are training at car "
                       "factories of BYD and Zeekr.\n", encoding="utf-8")
    (result,) = ingest([article], sources_copy, ONTOLOGY)
    assert documents(sources_copy)[result.document]["script"] == "en"
