using System.Globalization;
using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public class HoursInWordsTests
{
    private static IEnumerable<OpeningInterval> Shop()
    {
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            yield return new OpeningInterval(day, 16 * 60 + 30, 20 * 60 + 30);
            yield return new OpeningInterval(day, 10 * 60, 14 * 60);
        }
        yield return new OpeningInterval(DayOfWeek.Saturday, 10 * 60, 14 * 60);
    }

    [Fact]
    public void Days_with_the_same_hours_are_joined_and_closed_days_left_out()
    {
        HoursInWords.Describe(Shop(), CultureInfo.GetCultureInfo("es"))
            .ShouldBe("de lunes a viernes, de 10:00 a 14:00 y de 16:30 a 20:30; sábado, de 10:00 a 14:00");
        HoursInWords.Describe(Shop(), CultureInfo.GetCultureInfo("en"))
            .ShouldBe("Monday to Friday, 10:00 to 14:00 and 16:30 to 20:30; Saturday, 10:00 to 14:00");
    }

    [Fact]
    public void A_week_that_is_never_open_has_no_words()
    {
        HoursInWords.Describe([], CultureInfo.GetCultureInfo("es")).ShouldBeNull();
    }
}
