namespace Pauta.Core.Suggestions;

/// <summary>
/// Words that say nothing about which protocol fits, in folded form (see <see cref="TextNormalizer.Fold"/>): the usual
/// function words of Spanish and English, plus what customers wrap their reason in (greetings, "quiero", "necesito",
/// "please", days of the week, small numbers). One set serves both languages: a message is not labelled with its
/// language, and the few words that are a stop word in one language and meaningful in the other are rare.
/// Multi-word expressions in <see cref="SuggestionLexicon"/> still see these words, so "de más" or "hang up" keep
/// their meaning.
/// </summary>
public static class StopWords
{
    private const string Spanish = """
        a al algo alguien algun alguna algunas alguno algunos ante antes aqui aca ahi alli alla asi aun aunque
        bien bueno buena buenas buenos buen cada casi como con contra cual cuales cualquier cuando cuanto cuanta cuantos cuantas
        de del desde donde e el ella ellas ellos ello en entre era eran eres es esa esas ese eso esos esta estaba estaban
        estamos estan estar estas este esto estos estoy estuve estuvo fue fui fueron
        ha han has hasta hay haya he hemos hola holi la las le les lo los me mi mia mio mis mucho muchos mucha muchas muy
        nada nadie ni no nos nosotros nosotras nuestra nuestro nuestros nuestras o os otra otro otros otras
        para pero poco pocos poca pocas por porque pues que quien quienes se sea ser si sido siempre sobre sois solo son soy
        su sus suya suyo tal tambien tan tanto te ti toda todas todo todos tu tus tuyo u un una unas uno unos usted ustedes
        vosotros vosotras y ya yo
        tengo tiene tienes tienen tenemos teneis tenia tenias tener tuve tuvo
        quiero quiere quieres quieren queremos quisiera quisieramos queria querria querer
        necesito necesita necesitas necesitamos necesitaria
        puedo puede puedes pueden podemos podeis podria podrian podrias poder pude pudo
        gustaria hacer hago hace haces hacen hice hizo hicieron voy vas va vamos van ir iba
        dice dicen dijo dijeron decir digo pone poner puse ponga
        favor gracias porfa porfavor oiga oye mire mira vale ok okay pues entonces ademas tipo re super
        dia dias tardes noches señor señora señorita sr sra don doña
        hoy ayer mañana ahora lunes martes miercoles jueves viernes sabado domingo semana semanas mes meses año
        mas menos vez veces cosa cosas ando anda
        pasar paso pasa pasan pasaron pasado dejar dejo deja deje dejaron llevar llevo lleva llevas lleve llevaron
        traer traigo trae traje trajo dar doy da dan den dio dieron salir sale salen salio venir vengo viene vienen vino
        dos tres cuatro cinco seis siete ocho nueve diez once doce quince veinte treinta
        """;

    private const string English = """
        a about after again all also am an and any anyone are as at be been before being but by can cant could couldnt
        did didnt do does doesnt dont for from get got had has hasnt have havent he her here hi hello hey him his how
        i id if im in into is isnt it its ive just like me my need needs no not now of on or our ours please really
        she should so some someone than thank thanks that thats the their them then there theres they this those to
        too us very want wanted was wasnt we were what whats when where which who why will with would wouldnt yes yet
        you your youre yours dear sir madam ok okay
        today tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday week weeks day days
        one two three four five ten
        """;

    private static readonly HashSet<string> SpanishSet = Build(Spanish);
    private static readonly HashSet<string> EnglishSet = Build(English);
    private static readonly HashSet<string> All = [.. SpanishSet, .. EnglishSet];

    private static HashSet<string> Build(string list)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in list.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) set.Add(TextNormalizer.Fold(word));
        return set;
    }

    /// <summary>Whether a folded word is a stop word in Spanish or English.</summary>
    public static bool Contains(string folded) => All.Contains(folded);

    /// <summary>Whether a folded word is a Spanish stop word.</summary>
    public static bool IsSpanish(string folded) => SpanishSet.Contains(folded);

    /// <summary>Whether a folded word is an English stop word.</summary>
    public static bool IsEnglish(string folded) => EnglishSet.Contains(folded);

    /// <summary>Every stop word, folded.</summary>
    public static IReadOnlyCollection<string> Words => All;
}
