from apps.ingest.records import IngestResult


def test_an_ingest_survives_a_round_trip_through_json(synthetic):
    result = IngestResult(synthetic)
    again = IngestResult.from_dict(result.to_dict())
    assert again == result
    assert again.issue.chapters[1].footnotes[1].citations[0].authors[0].name_original == "高文杰"
