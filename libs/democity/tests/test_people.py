from collections import Counter, defaultdict
from datetime import date

from weimin_democity import REFERENCE_DATE, Resident, is_demo_id_card, is_demo_phone
from weimin_democity.identity import CAPACITY, IdentityScheme
from weimin_events.vocabularies import CARE_TAGS
from weimin_kit.pii import birth_date_of, gender_of, validate_mobile


def age(born: date) -> int:
    years = REFERENCE_DATE.year - born.year
    return years - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day))


def test_identity_numbers_are_valid_demo_marked_unique_and_consistent(
    residents: list[Resident],
) -> None:
    numbers = [r.id_card_number for r in residents]
    assert len(set(numbers)) == len(numbers)
    for resident in residents:
        assert is_demo_id_card(resident.id_card_number)
        assert birth_date_of(resident.id_card_number) == resident.birth_date
        assert gender_of(resident.id_card_number) == resident.gender


def test_real_looking_numbers_are_not_demo_numbers() -> None:
    assert not is_demo_id_card("11010519491231002X")
    assert not is_demo_id_card("532990199001011230")  # demo area but bad checksum
    assert not is_demo_phone("13812345678")


def test_phones_are_unique_valid_and_demo_marked(residents: list[Resident]) -> None:
    phones = [r.phone for r in residents if r.phone is not None]
    assert len(phones) > len(residents) // 2
    assert len(set(phones)) == len(phones)
    assert all(is_demo_phone(p) and validate_mobile(p) == p for p in phones)
    assert all(r.phone is None for r in residents if age(r.birth_date) < 14)


def test_uniqueness_scheme_covers_a_million_residents() -> None:
    scheme = IdentityScheme(2024)
    assert CAPACITY >= 1_000_000
    assert len({scheme.slot(n) for n in range(1_000_000)}) == 1_000_000


def test_identity_numbers_stay_unique_at_the_end_of_the_city_range() -> None:
    scheme = IdentityScheme(2024)
    numbers = set()
    for n in range(980_000, 1_000_000):
        _, number = scheme.identity(n, n % 97, "male" if n % 3 else "female", REFERENCE_DATE)
        numbers.add(number)
    assert len(numbers) == 20_000
    assert all(is_demo_id_card(number) for number in list(numbers)[:500])


def test_households_are_coherent(residents: list[Resident]) -> None:
    members: dict[object, list[Resident]] = defaultdict(list)
    for resident in residents:
        members[resident.household_id].append(resident)
    for people in members.values():
        head = people[0]
        assert head.relation_to_head == "户主"
        assert Counter(p.relation_to_head for p in people)["户主"] == 1
        for person in people[1:]:
            assert person.community_id == head.community_id
            if person.relation_to_head == "配偶":
                assert person.gender != head.gender
                assert abs(age(person.birth_date) - age(head.birth_date)) <= 4
            elif person.relation_to_head == "子女":
                assert age(person.birth_date) <= age(head.birth_date) - 18
            elif person.relation_to_head == "父母":
                assert age(person.birth_date) >= age(head.birth_date) + 18


def test_ages_and_names_are_plausible(residents: list[Resident]) -> None:
    ages = [age(r.birth_date) for r in residents]
    assert min(ages) >= 0
    assert max(ages) <= 100
    assert all(1 < len(r.name) <= 4 for r in residents)


def test_bai_are_the_largest_group_among_several_ethnicities(residents: list[Resident]) -> None:
    shares = Counter(r.ethnicity for r in residents)
    assert shares.most_common(1)[0][0] == "白族"
    assert shares["白族"] > len(residents) // 2
    assert {"汉族", "彝族", "回族", "纳西族", "傈僳族", "藏族"} <= set(shares)


def test_care_tags_and_registrations_use_the_known_vocabulary(residents: list[Resident]) -> None:
    tags = Counter(t for r in residents for t in r.care_tags)
    assert set(tags) == set(CARE_TAGS)
    assert {r.registration for r in residents} == {"registered", "floating", "overseas"}
    assert all(age(r.birth_date) >= 65 for r in residents if "elderly_alone" in r.care_tags)
