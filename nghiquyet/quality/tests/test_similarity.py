"""Similarity: normalization, shingles, scores, repeated passages, the command and the bloc scan (R16-R18)."""

import io
import json
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from nghiquyet.lib.vietnamese import fold
from nghiquyet.quality import similarity
from nghiquyet.quality.similarity import compare, find_near_duplicates, repeated_passages, tokens

from .conftest import CORPUS, corpus_text

# ---------------------------------------------------------------- normalization


def test_r17_normalization_folds_case_diacritics_punctuation_and_numbers():
    assert tokens("Tháng 11/2026, ĐẢNG BỘ đạt 85%!") == ["thang", "#", "dang", "bo", "dat", "#"]
    # A month or a figure changed is the same text.
    assert similarity.normalize("trước ngày 20/12/2026") == similarity.normalize("trước ngày 5/1/2027")
    # Two numbers with a word between them stay two numbers.
    assert tokens("tháng 11 và 12") == ["thang", "#", "va", "#"]
    assert tokens("Đảng viên", fold_diacritics=False) == ["đảng", "viên"]


def test_r17_normalization_is_the_same_for_nfc_and_nfd_input():
    text = "Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026"
    assert tokens(unicodedata.normalize("NFD", text)) == tokens(text)
    assert similarity.prepare(unicodedata.normalize("NFD", text)).words == tokens(text)


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÔƠƯ" + "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


@given(st.text(alphabet=VIETNAMESE + "0123456789 ,.;:/%–-()_#\n\u0301\u0323", max_size=200))
def test_r17_draft_tokenizer_agrees_with_the_fast_one_and_with_lib_fold(text):
    # The draft is tokenized word by word (to keep positions), other texts in one pass: same words.
    assert similarity.prepare(text).words == tokens(text)
    # And the fast folding agrees with nghiquyet.lib.vietnamese.fold on every word.
    for word in tokens(text):
        if word != similarity.NUMBER:
            assert fold(word) == word


def test_r17_shingles_of_three_words():
    assert similarity.shingles(["a", "b", "c", "d"]) == {("a", "b", "c"), ("b", "c", "d")}
    assert similarity.shingles(["a", "b"]) == {("a", "b")}
    assert similarity.shingles([]) == set()


# ---------------------------------------------------------------- scores


def test_r17_near_copy_with_numbers_changed_and_reordered_paragraphs():
    a = corpus_text("a04.txt")
    assert compare(a, corpus_text("a04_copy.txt")).near_copy
    reordered = compare(a, corpus_text("a04_reordered.txt"))
    assert reordered.near_copy and reordered.score > 0.9


def test_r18_short_draft_copying_part_of_a_long_upper_text_is_a_near_copy():
    upper, draft = corpus_text("u2.txt"), corpus_text("d_u2_partial.txt")
    result = compare(draft, upper)
    assert result.near_copy
    # Most of the draft repeats the upper text, but not the other way round.
    assert result.a_in_b > 0.7 and result.b_in_a < result.a_in_b


def test_r16_same_topic_written_afresh_is_not_a_near_copy():
    result = compare(corpus_text("a07.txt"), corpus_text("s_a07.txt"))
    assert not result.near_copy and result.score < 0.2


def test_r17_tiny_texts_do_not_score_one_against_everything():
    title = "Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng 12 năm 2026"
    assert compare(title, corpus_text("a01.txt") + "\n" + title).score < 0.5


def test_r17_empty_texts_score_zero():
    assert compare("", "abc def ghi").score == 0.0
    assert compare("", "").near_copy is False


def test_r17_threshold_comes_from_settings_at_call_time(settings):
    a, b = corpus_text("a01.txt"), corpus_text("a01_t11_new.txt")
    score = compare(a, b).score
    assert not compare(a, b).near_copy
    settings.QUALITY_NEAR_COPY_THRESHOLD = score - 0.01
    assert compare(a, b).near_copy
    assert compare(a, b, threshold=0.99).near_copy is False


def test_r16_r17_r18_labelled_corpus_precision_and_recall(labelled_pairs):
    assert len(labelled_pairs) >= 30
    tp = fp = fn = tn = 0
    wrong = []
    for pair in labelled_pairs:
        result = compare(corpus_text(pair["a"]), corpus_text(pair["b"]))
        if result.near_copy and pair["near_copy"]:
            tp += 1
        elif result.near_copy:
            fp += 1
            wrong.append(f"FP {pair['a']}~{pair['b']} {result.score:.3f}")
        elif pair["near_copy"]:
            fn += 1
            wrong.append(f"FN {pair['a']}~{pair['b']} {result.score:.3f}")
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    message = (
        f"threshold {similarity.near_copy_threshold()}: precision {precision:.3f}, recall {recall:.3f} "
        f"over {len(labelled_pairs)} pairs (tp={tp} fp={fp} fn={fn} tn={tn}) {wrong}"
    )
    assert precision >= 0.9 and recall >= 0.9, message


def test_r16_every_corpus_file_is_in_a_labelled_pair(labelled_pairs):
    used = {p["a"] for p in labelled_pairs} | {p["b"] for p in labelled_pairs}
    assert used == {p.name for p in CORPUS.glob("*.txt")}
    assert {p["kind"] for p in labelled_pairs} == {
        "edited_copy",
        "reordered",
        "upper_copy",
        "same_topic",
        "next_month",
        "unrelated",
        # #21
        "template_next_month",
        "seasonal_year_later",
        "paraphrase_reordered",
        "exact_copy",
        "date_shifted",
        "results_rewritten",
        "names_swapped",
        "upper_pasted",
        "short_dates_changed",
    }


# ---------------------------------------------------------------- repeated passages


def test_r17_repeated_passages_are_maximal_character_spans_of_the_draft():
    old = "Chi bộ tổ chức kiểm điểm đảng viên cuối năm theo hướng dẫn của Đảng ủy. Thu đảng phí đúng hạn."
    draft = (
        "Mới: thăm hỏi gia đình chính sách nhân ngày 27/7. "
        "Chi bộ tổ chức kiểm điểm đảng viên cuối năm theo hướng dẫn của Đảng ủy. Thu đảng phí đúng hạn."
    )
    spans = repeated_passages(draft, old)
    assert len(spans) == 1
    start, end = spans[0]
    assert draft[start:end] == (
        "Chi bộ tổ chức kiểm điểm đảng viên cuối năm theo hướng dẫn của Đảng ủy. Thu đảng phí đúng hạn"
    )


def test_r17_passages_survive_changed_numbers_and_skip_stock_phrases():
    old = "Hoàn thành báo cáo tổng kết công tác năm 2025 trước ngày 20/12/2025. Cán bộ, đảng viên."
    draft = "Cán bộ, đảng viên. Hoàn thành báo cáo tổng kết công tác năm 2026 trước ngày 20/12/2026."
    spans = repeated_passages(draft, old)
    assert [draft[s:e] for s, e in spans] == [
        "Hoàn thành báo cáo tổng kết công tác năm 2026 trước ngày 20/12/2026"
    ]  # "cán bộ, đảng viên" (4 words) is below MIN_PASSAGE_WORDS


def test_r17_passages_of_a_reordered_copy_cover_the_draft():
    draft = corpus_text("a07_reordered.txt")
    spans = repeated_passages(draft, corpus_text("a07.txt"))
    covered = sum(e - s for s, e in spans)
    assert covered > 0.9 * len(draft.strip())
    assert spans == similarity.merge_spans(spans)


def test_r17_mark_passages_escapes_and_marks():
    html = similarity.mark_passages("a <b> c", [(2, 5)])
    assert html == 'a <mark class="nq-repeated">&lt;b&gt;</mark> c'
    assert similarity.merge_spans([(5, 9), (0, 3), (2, 6)]) == [(0, 9)]


def test_r17_check_draft_orders_matches_and_drops_unrelated_texts():
    draft = corpus_text("a01_copy.txt")
    matches = similarity.check_draft(
        draft,
        [
            ("unrelated", "hoàn toàn khác"),
            ("fresh", corpus_text("a01_t11_new.txt")),
            ("old", corpus_text("a01.txt")),
        ],
    )
    assert [m.key for m in matches] == ["old", "fresh"]
    assert matches[0].near_copy and matches[0].comparison.passages
    assert not matches[1].near_copy


# ---------------------------------------------------------------- the command


def test_r17_command_prints_score_and_near_copy_as_json():
    out = io.StringIO()
    call_command("similarity", str(CORPUS / "a01.txt"), str(CORPUS / "a01_copy.txt"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"score", "near_copy", "passages"}
    assert result["near_copy"] is True
    assert result["score"] == round(compare(corpus_text("a01.txt"), corpus_text("a01_copy.txt")).score, 4)
    out = io.StringIO()
    call_command("similarity", str(CORPUS / "a01.txt"), str(CORPUS / "a07.txt"), "--json", stdout=out)
    assert json.loads(out.getvalue())["near_copy"] is False


def test_r17_command_plain_line_and_missing_file():
    out = io.StringIO()
    call_command("similarity", str(CORPUS / "a01.txt"), str(CORPUS / "a01_copy.txt"), stdout=out)
    assert "100" in out.getvalue() and "30" in out.getvalue()
    with pytest.raises(CommandError, match=r"khong-co\.txt"):
        call_command("similarity", str(CORPUS / "a01.txt"), "khong-co.txt", "--json")


# ---------------------------------------------------------------- bloc-wide scan


def test_r18_lsh_clusters_the_same_text_issued_by_several_committees():
    upper = corpus_text("u1.txt")
    documents = [
        ("G1", corpus_text("d_u1.txt")),
        ("G2", upper.replace("Đảng bộ Khối", "Đảng bộ Sở Nội vụ")),
        ("G3", upper.replace("Đảng bộ Khối", "Chi bộ Ban Dân tộc").replace("31/12/2026", "25/12/2026")),
        ("G4", corpus_text("s_u1.txt")),
        ("G5", corpus_text("a07.txt")),
        ("G6", corpus_text("a07_reordered.txt")),
        ("G7", corpus_text("a09.txt")),
        ("empty", ""),
    ]
    clusters = find_near_duplicates(documents)
    assert [c.keys for c in clusters] == [["G1", "G2", "G3"], ["G5", "G6"]]
    for cluster in clusters:
        for pair in cluster.pairs:
            # The scan checks its candidates with the shingle overlap (its own threshold).
            a, b = (similarity.text_shingles(dict(documents)[key]) for key in (pair.a, pair.b))
            exact = similarity.overlap(a, b)
            assert pair.score == pytest.approx(exact, abs=1e-4)


def test_r18_lsh_threshold_is_below_the_jaccard_of_equal_sized_near_copies():
    assert similarity.lsh_threshold_for(0.5) == pytest.approx(0.8 / 3)
    assert find_near_duplicates([]) == []
