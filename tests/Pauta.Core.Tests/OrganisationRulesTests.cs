using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public class OrganisationRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_name_is_required(string? name)
    {
        var problem = OrganisationRules.CheckName(name, "Name").ShouldHaveSingleItem();

        problem.Field.ShouldBe("Name");
        problem.Code.ShouldBe("Field.Required");
    }

    [Fact]
    public void A_name_of_exactly_the_maximum_length_is_accepted()
    {
        OrganisationRules.CheckName(new string('a', OrganisationRules.MaxNameLength), "Name").ShouldBeEmpty();
    }

    [Fact]
    public void A_name_one_character_too_long_is_refused_with_the_limit()
    {
        var problem = OrganisationRules.CheckName(new string('a', OrganisationRules.MaxNameLength + 1), "Name").ShouldHaveSingleItem();

        problem.Code.ShouldBe("Field.TooLong");
        problem.Args.ShouldBe([OrganisationRules.MaxNameLength]);
    }

    [Fact]
    public void Surrounding_spaces_do_not_count_towards_the_length()
    {
        var padded = "  " + new string('a', OrganisationRules.MaxNameLength) + "  ";

        OrganisationRules.CheckName(padded, "Name").ShouldBeEmpty();
    }

    [Fact]
    public void A_custom_maximum_replaces_the_default()
    {
        OrganisationRules.CheckName("abcd", "Holiday", max: 4).ShouldBeEmpty();
        OrganisationRules.CheckName("abcde", "Holiday", max: 4).ShouldHaveSingleItem().Args.ShouldBe([4]);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void Spanish_and_english_are_the_supported_languages(string language)
    {
        OrganisationRules.CheckLanguage(language, "Language").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("ES", "ES")]
    [InlineData("es-ES", "es-ES")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Any_other_language_is_refused_quoting_what_was_sent(string? language, string quoted)
    {
        var problem = OrganisationRules.CheckLanguage(language, "Language").ShouldHaveSingleItem();

        problem.Field.ShouldBe("Language");
        problem.Code.ShouldBe("Field.UnknownLanguage");
        problem.Args.ShouldBe([quoted]);
    }

    [Theory]
    [InlineData("Europe/Madrid")]
    [InlineData("America/Bogota")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    public void Iana_region_city_ids_and_utc_are_valid_time_zones(string id)
    {
        OrganisationRules.IsIanaTimeZone(id).ShouldBeTrue();
        OrganisationRules.CheckTimeZone(id, "TimeZoneId").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Mars/Olympus")] // looks like an IANA id, but no such zone
    [InlineData("CET")] // a real tz database zone, but not a region/city id
    [InlineData("GMT")]
    [InlineData("utc")]
    [InlineData("Romance Standard Time")] // a Windows id, which .NET on Linux would convert
    [InlineData(" Europe/Madrid")]
    [InlineData("Europe/")]
    [InlineData("/Europe/Madrid")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/../Europe/Madrid")]
    [InlineData("posix/Europe/Madrid")] // a folder of the tz files on Debian, not a zone id
    [InlineData("right/Europe/Madrid")]
    public void Anything_but_an_iana_region_city_id_or_utc_is_an_unknown_time_zone(string id)
    {
        OrganisationRules.IsIanaTimeZone(id).ShouldBeFalse();
        var problem = OrganisationRules.CheckTimeZone(id, "TimeZoneId").ShouldHaveSingleItem();
        problem.Field.ShouldBe("TimeZoneId");
        problem.Code.ShouldBe("Field.UnknownTimeZone");
        problem.Args.ShouldBe([id]);
    }

    [Theory]
    [InlineData("europe/madrid")]
    [InlineData("EUROPE/MADRID")]
    [InlineData("america/bogota")]
    public void A_time_zone_id_in_the_wrong_case_is_refused_even_once_the_zone_list_is_loaded(string id)
    {
        // Loading the list (as the sign-up page does) fills .NET's case-insensitive cache; the
        // answer must not depend on whether that happened earlier in the process.
        _ = TimeZoneInfo.GetSystemTimeZones();

        OrganisationRules.IsIanaTimeZone(id).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_time_zone_is_required_not_unknown(string? id)
    {
        OrganisationRules.CheckTimeZone(id, "TimeZoneId").ShouldHaveSingleItem().Code.ShouldBe("Field.Required");
    }

    [Fact]
    public void The_time_zone_picker_offers_sorted_region_city_ids_and_utc()
    {
        var ids = OrganisationRules.TimeZoneIds();

        ids.ShouldContain("Europe/Madrid");
        ids.ShouldContain("America/Bogota");
        ids.ShouldContain("UTC");
        ids.ShouldNotContain(id => id.StartsWith("Etc/", StringComparison.Ordinal));
        ids.ShouldNotContain("CET");
        ids.ShouldBe(ids.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Every_time_zone_the_picker_offers_passes_validation()
    {
        var refused = OrganisationRules.TimeZoneIds().Where(id => OrganisationRules.CheckTimeZone(id, "TimeZoneId").Any()).ToList();

        refused.ShouldBeEmpty();
    }
}
