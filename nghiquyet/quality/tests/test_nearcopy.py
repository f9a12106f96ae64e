"""The substance detector on the labelled corpus (#21, R17, R18): precision and recall per kind, on the
pairs it was tuned on and, separately, on the held-out pairs; the standard phrasing learned from the
corpus; section by section; the copied sentences with their source."""

import io
import json
import time
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from nghiquyet.quality import phrasing, similarity, substance

from .conftest import CORPUS, corpus_text

LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
COPY_KINDS = {p["kind"] for p in LABELS["pairs"] if p["near_copy"]}
OTHER_KINDS = {p["kind"] for p in LABELS["pairs"] if not p["near_copy"]}


def committee_background(*names: str) -> substance.Background:
    """The documents of the committees that wrote the texts (a copy belongs to the committee of the text
    it was made in): what the app passes, a committee's earlier resolutions and its upper level's texts.
    The compared texts themselves are left out of the counts by `Background.weigher`."""
    groups = {LABELS["groups"][name] for name in names}
    files = {
        f
        for fs in LABELS["committees"].values()
        if any(LABELS["groups"][f] in groups for f in fs)
        for f in fs
    }
    return substance.Background(corpus_text(f) for f in sorted(files))


def per_kind(split: str) -> tuple[dict, list[str]]:
    """{kind: (precision, recall, n)} at the configured threshold, and the pairs judged wrong.

    A kind of copies is measured by its recall; a kind of other pairs by the precision the detector
    keeps when its pairs are judged along with every copy of the split (its false alarms against all
    true copies). Both are 1.0 where the kind is judged without error.
    """
    threshold = similarity.near_copy_threshold()
    judged = defaultdict(list)
    wrong = []
    for pair in LABELS["pairs"]:
        if pair["split"] != split:
            continue
        a, b = corpus_text(pair["a"]), corpus_text(pair["b"])
        score = substance.compare_texts(a, b, committee_background(pair["a"], pair["b"])).score
        flagged = score >= threshold
        judged[pair["kind"]].append((flagged, pair["near_copy"]))
        if flagged != pair["near_copy"]:
            wrong.append(f"{pair['kind']} {pair['a']}~{pair['b']} {score:.3f}")
    true_positives = sum(f and t for pairs in judged.values() for f, t in pairs)
    out = {}
    for kind, pairs in judged.items():
        tp = sum(f and t for f, t in pairs)
        fn = sum(t and not f for f, t in pairs)
        fp = sum(f and not t for f, t in pairs)
        if kind in COPY_KINDS:
            recall = tp / (tp + fn)
            precision = tp / (tp + fp) if tp + fp else 1.0
        else:
            recall = 1.0
            precision = true_positives / (true_positives + fp) if true_positives + fp else 1.0
        out[kind] = (precision, recall, len(pairs))
    return out, wrong


def test_21_corpus_has_a_hundred_pairs_of_every_kind_and_a_held_out_part():
    pairs = LABELS["pairs"]
    assert len(pairs) >= 100
    kinds = {p["kind"] for p in pairs}
    for kind in (
        "template_next_month",
        "seasonal_year_later",
        "paraphrase_reordered",
        "exact_copy",
        "date_shifted",
        "upper_pasted",
        "results_rewritten",
        "names_swapped",
        "short_dates_changed",
    ):
        assert kind in kinds
    held_out = [p for p in pairs if p["split"] == "heldout"]
    assert {p["near_copy"] for p in held_out} == {True, False} and len(held_out) >= 10
    # The held-out texts are not used to learn the bloc's standard phrases.
    tune_files = {f for p in pairs if p["split"] == "tune" for f in (p["a"], p["b"])}
    assert not tune_files & {f for p in held_out for f in (p["a"], p["b"])}


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_21_precision_and_recall_of_every_kind_at_least_0_9(split):
    results, wrong = per_kind(split)
    report = ", ".join(f"{k}: P {p:.2f} R {r:.2f} (n={n})" for k, (p, r, n) in sorted(results.items()))
    print(f"\n{split}: {report}")
    assert results
    for kind, (precision, recall, _n) in results.items():
        assert precision >= 0.9 and recall >= 0.9, f"{kind}: {report}; wrong: {wrong}"


def test_21_shipped_standard_phrases_are_learned_from_the_tune_corpus():
    held_out = {f for p in LABELS["pairs"] if p["split"] == "heldout" for f in (p["a"], p["b"])}
    groups = defaultdict(list)
    for name, group in sorted(LABELS["groups"].items()):
        if name not in held_out:
            groups[group].append(corpus_text(name))
    learned = substance.learn_standard_phrases(groups.values())
    assert learned == substance.bloc_standard()
    # The stock phrases of every resolution are there; a month's own task is not.
    assert substance.bloc_standard().get("dieu le", 0) >= 3  # "Điều lệ Đảng"
    assert learned.get("rubella soi", 0) < 3


# ---------------------------------------------------------------- the parts


def test_21_synonyms_and_word_order_read_the_same():
    a = substance.words_of("Chú trọng chỉ đạo thực hiện xong việc rà soát hồ sơ chậm nhất ngày 20/4/2026")
    b = substance.words_of("Tập trung lãnh đạo hoàn thành việc kiểm tra hồ sơ trước ngày 15/5/2026")
    assert a == b
    assert substance.features_of(["kiem", "tra", "giam", "sat"]) >= substance.features_of(["giam", "sat"])
    assert phrasing.canonical(["thuc", "hien", "xong"]) == ["hoan", "thanh"]
    # Names (two or more capitalized words inside a sentence) are one sign.
    assert substance.words_of("giao đồng chí Nguyễn Văn An phụ trách") == substance.words_of(
        "giao đồng chí Lê Thị Bình phụ trách"
    )


def test_21_sections_and_items_of_a_resolution():
    doc = substance.document(corpus_text("c_t9.txt"))
    sections = {u.section for u in doc.units}
    assert {"assessment", "tasks", "other", "heading"} <= sections
    task = next(u for u in doc.units if doc.unit_text(u).startswith("Đề nghị Phòng Giáo dục"))
    assert task.section == "tasks" and task.item == "2.2"
    assessment = next(u for u in doc.units if "312 học sinh" in doc.unit_text(u))
    assert assessment.section == "assessment"


def test_21_template_of_consecutive_months_weighs_nothing():
    history = committee_background("b_t3.txt", "b_t4.txt")
    result = substance.compare_texts(corpus_text("b_t4.txt"), corpus_text("b_t3.txt"), history)
    assert result.score < 0.2
    # Whereas the March tasks reworded as April's are found.
    copied = similarity.compare(corpus_text("b_t4_para.txt"), corpus_text("b_t3.txt"))
    assert copied.near_copy and copied.score > 0.45


def test_21_results_rewritten_over_copied_tasks_is_caught_by_the_tasks_section():
    result = substance.compare_texts(corpus_text("b_t4_results.txt"), corpus_text("b_t3.txt"))
    assert result.tasks_a > 0.9 and result.coverage_a < 0.6


def test_21_copied_passages_name_their_source_item():
    comparison = similarity.compare(corpus_text("h_t3_para.txt"), corpus_text("h_t2.txt"))
    tasks = [p for p in comparison.copied if p.section == "tasks"]
    repair = next(p for p in tasks if "máy cấy" in p.text)
    assert repair.item == "2" and repair.source_item == "1" and "máy cấy" in repair.source_text
    assert comparison.passages == similarity.merge_spans(comparison.passages)


def test_21_command_json_adds_the_matched_passages():
    out = io.StringIO()
    a, b = str(CORPUS / "k_t7_para.txt"), str(CORPUS / "k_t6.txt")
    history = [str(CORPUS / f) for f in ("k_t7.txt", "k_t8.txt", "k_flood_2025.txt", "k_flood_2026.txt")]
    call_command("similarity", a, b, "--json", "--background", *history, stdout=out)
    result = json.loads(out.getvalue())
    assert result["near_copy"] is True and 0 <= result["score"] <= 1
    passage = result["passages"][0]
    assert set(passage) == {"text", "source", "section", "item", "source_item", "similarity"}
    assert any("Lý Thường Kiệt" in p["source"] for p in result["passages"])


def test_21_draft_check_against_ten_years_is_fast_enough_to_measure():
    # Not a timing test (benchmarks/similarity.py measures): the check returns the copy first.
    history = [
        (f"r{i}", corpus_text(name)) for i, name in enumerate(LABELS["committees"]["khu_pho_4_an_binh"])
    ]
    start = time.perf_counter()
    matches = similarity.check_draft(corpus_text("k_t7_para.txt"), history)
    assert time.perf_counter() - start >= 0
    assert matches[0].key == "r0" and matches[0].near_copy
    assert all(not m.near_copy for m in matches[1:])


def test_21_an_exact_copy_of_a_text_of_the_history_scores_one():
    # The draft has the same features as last month's text: both look like members of the history.
    history = [(f"r{i}", corpus_text(name)) for i, name in enumerate(LABELS["committees"]["thcs_le_loi"])]
    matches = similarity.check_draft(corpus_text("c_t9.txt"), history)
    assert matches[0].key == "r0" and matches[0].score == 1.0 and matches[0].near_copy
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_21_command_learns_the_standard_phrases_from_committee_folders(tmp_path):
    for committee in ("b", "c", "k"):
        folder = tmp_path / committee
        folder.mkdir()
        for name in [f for f in sorted(LABELS["groups"]) if f.startswith(f"{committee}_")][:3]:
            (folder / name).write_text(corpus_text(name), encoding="utf-8")
    out = io.StringIO()
    call_command("standard_phrases", *(str(tmp_path / c) for c in ("b", "c", "k")), stdout=out)
    learned = json.loads(out.getvalue())
    assert learned["dieu le"] == 3  # "Căn cứ Điều lệ Đảng" in all three
    assert all(n >= 2 for n in learned.values())
    with pytest.raises(CommandError, match="Not a folder"):
        call_command("standard_phrases", str(tmp_path / "none"))
