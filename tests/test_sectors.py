from levanalysis.definitions.sectors import load_sectors


def test_vte_is_horeca_culture_and_retail_as_the_plan_footnote_says():
    assert load_sectors()["vte"].sbi_codes == ("I", "R", "47")


def test_maakindustrie_is_section_c():
    assert load_sectors()["maakindustrie"].sbi_codes == ("C",)


def test_names_with_commas_are_read_whole():
    names = [sub.name for sub in load_sectors()["vte"].subsectors]
    assert names == ["Logies-, maaltijd- en drankverstrekking", "Cultuur, sport en recreatie", "Detailhandel (retail)"]


def test_an_unquoted_comma_in_a_name_is_refused(tmp_path):
    import pytest

    path = tmp_path / "sectors.yaml"
    path.write_text("sectors:\n  vte:\n    name: VTE\n    subsectors:\n      - {code: R, name: Cultuur, sport, sbi: [R]}\n")
    with pytest.raises(ValueError, match="quote"):
        load_sectors(path)


def test_all_sbi_codes_include_the_wholesale_variant_of_logistiek():
    from levanalysis.definitions.sectors import all_sbi_codes

    # I, R, 47 (VTE); H and the variant's extra 46 (logistiek); C; F
    assert all_sbi_codes() == ["I", "R", "47", "H", "46", "C", "F"]


def test_maakindustrie_structure_includes_its_cross_over_partner_bouw():
    from levanalysis.definitions.sectors import structure_codes

    assert structure_codes("maakindustrie") == ("C", "F")
    assert structure_codes("vte") == ("I", "R", "47")


def test_every_subsector_has_a_phrase_for_sentences():
    from levanalysis.definitions.sectors import subsector_phrases

    assert subsector_phrases()["C"] == "de maakindustrie"
