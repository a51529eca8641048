#include "commandsupport.h"

namespace mapline::cli {

CommandParser::CommandParser(const QString &command, const QString &description, const QString &positional)
    : mCommand(command)
    , mPositional(positional)
    , mDb(QStringLiteral("db"), QStringLiteral("The event database (default: $MAPLINE_DB or %1).")
                                    .arg(defaultDatabasePath()), QStringLiteral("PATH"))
    , mHelp({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."))
{
    mParser.setApplicationDescription(description);
    mParser.addOption(mDb);
    mParser.addOption(mHelp);
}

std::optional<int> CommandParser::parse(const QStringList &arguments)
{
    if (!mPositional.isEmpty())
        mParser.addPositionalArgument(mPositional, QString(), mPositional + QStringLiteral("..."));
    // Drop the subcommand so the parser sees "mapline [options] [positional]".
    QStringList args = arguments;
    args.removeAt(1);
    if (!mParser.parse(args))
        return usageError(mParser.errorText());
    if (mParser.isSet(mHelp)) {
        QString help = mParser.helpText();
        help.replace(QStringLiteral("Usage: mapline"), QStringLiteral("Usage: mapline ") + mCommand);
        QTextStream(stdout) << help;
        return Success;
    }
    return std::nullopt;
}

QString CommandParser::database() const
{
    return mParser.isSet(mDb) ? mParser.value(mDb) : defaultDatabasePath();
}

QDate CommandParser::dateOption(const QString &name, QString &error) const
{
    if (!mParser.isSet(name))
        return {};
    const QString value = mParser.value(name);
    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (!date.isValid() || value.size() != 10)
        error = QStringLiteral("--%1: \"%2\" is not a date in the form YYYY-MM-DD").arg(name, value);
    return date;
}

int CommandParser::usageError(const QString &message) const
{
    QTextStream(stderr) << "mapline " << mCommand << ": " << message << "\nTry 'mapline " << mCommand
                        << " --help'." << Qt::endl;
    return UsageError;
}

} // namespace mapline::cli
