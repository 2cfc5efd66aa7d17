from levanalysis.sectors import load_sectors


def test_vte_is_horeca_culture_and_retail_as_the_plan_footnote_says():
    assert load_sectors()["vte"].sbi_codes == ("I", "R", "47")


def test_maakindustrie_is_section_c():
    assert load_sectors()["maakindustrie"].sbi_codes == ("C",)
