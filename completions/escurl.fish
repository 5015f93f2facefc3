# fish completion for escurl.
# Generated from the flag table (src/flags.cpp) by `escurl completion fish`; do not edit.
# Regenerate with ./build.sh generate. Install as
# /usr/share/fish/vendor_completions.d/escurl.fish, or: escurl completion fish | source

set -g __escurl_methods GET HEAD POST PUT DELETE PATCH

# The words typed before the cursor that are not options or option values (with --options:
# the options instead).
function __escurl_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            test "$argv[1]" = --options; and echo -- $t
            continue
        end
        switch $t
            case '--*=*' '--'
                test "$argv[1]" = --options; and echo -- $t
            case '--url' '--cloud-id' '--profile' '--config' '--request' '-X' '--header' '-H' '--data' '-d' '--data-binary' '--data-raw' '--opaque-id' '--compat' '--user' '-u' '--password' '--api-key' '--bearer' '--oauth2-bearer' '--secondary-user' '--secondary-password' '--secondary-api-key' '--secondary-bearer' '--run-as' '--client-secret' '--netrc-file' '--cacert' '--capath' '--ca-fingerprint' '--pinnedpubkey' '--tls-server-name' '--cert' '--key' '--cert-type' '--key-password' '--tls-min' '--tls-max' '--connect-timeout' '--max-time' '-m' '--read-timeout' '--retry' '--retry-delay' '--retry-max-time' '--max-redirs' '--proxy' '-x' '--proxy-user' '--proxy-password' '--noproxy' '--resolve' '--output' '-o' '--color' '--write-out' '-w' '--batch' '--batch-format' '--parallel' '--format' '--name' '--id' '--expiration' '--role-descriptors'
                set skip 1
                test "$argv[1]" = --options; and echo -- $t
            case '-'
                # A lone '-' (stdin) is a word. fish 4 no longer reads '?' as a wildcard, so
                # the next pattern is '-*' with this case before it.
                test "$argv[1]" = --options; or echo -- $t
            case '-*'
                test "$argv[1]" = --options; and echo -- $t
                string match -q -- '--*' $t; and continue
                # In a cluster (-ku), the first option that takes a value takes the rest of it.
                set -l chars (string split '' -- (string sub -s 2 -- $t))
                for i in (seq (count $chars))
                    if string match -q -- "*$chars[$i]*" 'XHdumxow'
                        test $i -eq (count $chars); and set skip 1
                        break
                    end
                end
            case '*'
                test "$argv[1]" = --options; or echo -- $t
        end
    end
end

function __escurl_npos --argument-names n
    test (count (__escurl_words)) -eq $n
end

# True when the first word is a METHOD and $argv[1] words were typed.
function __escurl_method_and --argument-names n
    set -l pos (__escurl_words)
    test (count $pos) -eq $n; and contains -- (string upper -- $pos[1]) $__escurl_methods
end

function __escurl_subcommand_is --argument-names name
    set -l pos (__escurl_words)
    test (count $pos) -eq 1; and test "$pos[1]" = $name
end

# Runs the escurl being completed, with no input and no diagnostics.
function __escurl_run
    set -l cmd (commandline -opc)[1]
    $cmd $argv </dev/null 2>/dev/null
end

# API paths for the METHOD typed, and index names when the profile opts in.
function __escurl_paths
    set -l pos (__escurl_words)
    set -l method GET
    set -q pos[1]; and set method (string upper -- $pos[1])
    set -l tok (commandline -ct)
    __escurl_run completion paths $method $tok
    if not string match -qr '^[_/]|/' -- $tok
        __escurl_run (__escurl_words --options) completion indices
    end
end

# A literal or @FILE: file names once the word starts with '@'.
function __escurl_at_file
    set -l tok (commandline -ct)
    string match -q -- '@*' $tok; or return
    __fish_complete_path (string sub -s 2 -- $tok) | string replace -r '^' '@'
end

function __escurl_profiles
    __escurl_run config profiles
end

complete -c escurl -f
complete -c escurl -l url -x -d 'Cluster URL (default https://localhost:9200)'
complete -c escurl -l cloud-id -x -d 'Elastic Cloud deployment ID, instead of --url'
complete -c escurl -l profile -x -a '(__escurl_profiles)' -d 'Use the settings of profile NAME in the config file'
complete -c escurl -l config -r -F -d 'Config file (default $XDG_CONFIG_HOME/escurl/config.toml)'
complete -c escurl -s X -l request -x -a '$__escurl_methods' -d 'HTTP method for the curl form (default GET, or POST with a body)'
complete -c escurl -s H -l header -x -a '(__escurl_at_file)' -d 'Add a request header; @FILE reads one header per line'
complete -c escurl -s d -l data -x -a '(__escurl_at_file)' -d 'Request body, sent byte for byte (newlines kept)'
complete -c escurl -l data-binary -x -a '(__escurl_at_file)' -d 'Same as --data'
complete -c escurl -l data-raw -x -d 'Request body taken literally, even when it starts with @'
complete -c escurl -l opaque-id -x -d 'Send X-Opaque-Id (default: the CI job\'s id when run in CI)'
complete -c escurl -l compat -x -a '8 9' -d 'Ask for REST API compatibility with this major version'
complete -c escurl -s u -l user -x -d 'Basic auth; prompts for the password when it is missing'
complete -c escurl -l password -x -a '(__escurl_at_file)' -d 'Password for --user'
complete -c escurl -l api-key -x -a '(__escurl_at_file)' -d 'API key: encoded, ID:KEY, or the create-API-key JSON'
complete -c escurl -l bearer -x -a '(__escurl_at_file)' -d 'Bearer token: service account token, OAuth2 access token or JWT'
complete -c escurl -l oauth2-bearer -x -a '(__escurl_at_file)' -d 'Same as --bearer'
complete -c escurl -l secondary-user -x -d 'Secondary authorization as a user (es-secondary-authorization: Basic)'
complete -c escurl -l secondary-password -x -a '(__escurl_at_file)' -d 'Password for --secondary-user'
complete -c escurl -l secondary-api-key -x -a '(__escurl_at_file)' -d 'Secondary authorization with an API key'
complete -c escurl -l secondary-bearer -x -a '(__escurl_at_file)' -d 'Secondary authorization with a bearer token'
complete -c escurl -l run-as -x -d 'Run the request as another user (es-security-runas-user)'
complete -c escurl -l client-secret -x -a '(__escurl_at_file)' -d 'JWT realm client authentication (ES-Client-Authentication: SharedSecret)'
complete -c escurl -l netrc -d 'Take the user and password for the host from ~/.netrc (or $NETRC)'
complete -c escurl -l netrc-optional -d 'Like --netrc, but a missing file is fine'
complete -c escurl -l netrc-file -r -F -d 'Like --netrc, with this file'
complete -c escurl -l cacert -r -F -d 'Trust the CA certificates in FILE (PEM) instead of the system store'
complete -c escurl -l capath -x -a '(__fish_complete_directories)' -d 'Trust the CA certificates in DIR (hashed, as openssl rehash makes it)'
complete -c escurl -l ca-fingerprint -x -d 'Trust the certificate with this SHA-256 fingerprint (as Elasticsearch 8 prints it)'
complete -c escurl -l pinnedpubkey -r -F -d 'Also require a certificate of the verified chain to have this public key'
complete -c escurl -l tls-server-name -x -d 'Check the certificate against NAME instead of the URL\'s host'
complete -c escurl -l cert -r -F -d 'Client certificate for mutual TLS (PEM, or PKCS#12 with .p12/.pfx)'
complete -c escurl -l key -r -F -d 'Private key for --cert (PEM; default: inside the --cert file)'
complete -c escurl -l cert-type -x -a 'PEM P12' -d 'Format of --cert (default: P12 for .p12/.pfx, else PEM)'
complete -c escurl -l key-password -x -a '(__escurl_at_file)' -d 'Password of an encrypted --key or PKCS#12 --cert'
complete -c escurl -l tls-min -x -a '1.2 1.3' -d 'Lowest TLS version to accept (default 1.2)'
complete -c escurl -l tls-max -x -a '1.2 1.3' -d 'Highest TLS version to offer'
complete -c escurl -s k -l insecure -d 'Do not verify the server\'s certificate (warns every time)'
complete -c escurl -l connect-timeout -x -d 'Give up connecting after SECONDS (default 10)'
complete -c escurl -s m -l max-time -x -d 'Give up on the whole transfer after SECONDS'
complete -c escurl -l read-timeout -x -d 'Give up when no byte arrives for SECONDS (default 300)'
complete -c escurl -l allow-insecure-http -d 'Allow credentials over plain http:// (they can be read on the network)'
complete -c escurl -l retry -x -d 'Retry connection failures, 429, 502, 503, 504 up to N times (default 3)'
complete -c escurl -l retry-delay -x -d 'Wait this long between retries (default: exponential backoff with jitter)'
complete -c escurl -l retry-max-time -x -d 'Spend at most this long waiting to retry (default 120)'
complete -c escurl -l retry-all -d 'Also retry POST and PATCH after request bytes were sent'
complete -c escurl -s L -l location -d 'Follow redirects (credentials are dropped when the origin changes)'
complete -c escurl -l max-redirs -x -d 'Follow at most N redirects (default 10)'
complete -c escurl -s x -l proxy -x -d 'Tunnel https through this HTTP proxy (CONNECT)'
complete -c escurl -l proxy-user -x -d 'Basic credentials for the proxy'
complete -c escurl -l proxy-password -x -a '(__escurl_at_file)' -d 'Password for --proxy-user: literal, @FILE, @- or env:NAME'
complete -c escurl -l noproxy -x -d 'Comma-separated hosts to reach without the proxy'
complete -c escurl -l resolve -x -d 'Connect to ADDR for HOST:PORT instead of resolving HOST'
complete -c escurl -l compressed -d 'Ask for a gzip response and decode it'
complete -c escurl -l sniff -d 'Read the cluster\'s nodes from GET _nodes/http at start and use them all'
complete -c escurl -s i -l include -d 'Print the response head before the body on stdout'
complete -c escurl -s v -l verbose -d 'Print request and response heads on stderr (credentials redacted)'
complete -c escurl -s s -l silent -d 'Print no diagnostics on stderr'
complete -c escurl -s S -l show-error -d 'With --silent, still print errors'
complete -c escurl -s o -l output -r -F -d 'Write the body to FILE (replaced only when the transfer completes)'
complete -c escurl -l pretty -d 'Re-indent JSON bodies as they stream (the default on a terminal)'
complete -c escurl -l compact -d 'Re-emit JSON bodies minified'
complete -c escurl -l color -x -a 'auto always never' -d 'Colour JSON output (auto: on a terminal, unless NO_COLOR is set)'
complete -c escurl -l fail -d 'Exit non-zero on HTTP status >= 400 (the default)'
complete -c escurl -l no-fail -d 'Exit 0 whatever the HTTP status'
complete -c escurl -s w -l write-out -x -d 'After the transfer, print FORMAT with %{variables} filled in (curl\'s syntax)'
complete -c escurl -l offline -d 'Print the request that would be sent (credentials redacted) and send nothing'
complete -c escurl -l curl -d 'Print the equivalent curl command (secrets as $ESCURL_* variables), send nothing'
complete -c escurl -l batch -r -F -d 'Run the requests in FILE (Kibana Dev Tools Console syntax) over shared connections'
complete -c escurl -l batch-format -x -a 'text ndjson' -d 'ndjson: one JSON object per request (request, status, took_ms, body)'
complete -c escurl -l parallel -x -d 'Spread a batch over N connections; output stays in input order'
complete -c escurl -l stop-on-error -d 'Stop a batch at the first failing request'
complete -c escurl -l format -x -a 'text json' -d 'Output format of subcommands such as `escurl tls inspect`'
complete -c escurl -l name -x -d 'The API key\'s name, for `escurl api-key create|invalidate`'
complete -c escurl -l id -x -d 'The API key\'s id, for `escurl api-key invalidate`'
complete -c escurl -l expiration -x -d 'Lifetime of a new API key, such as 1d or 12h (default: none)'
complete -c escurl -l role-descriptors -x -a '(__escurl_at_file)' -d 'Limit a new API key to these role descriptors (a JSON object)'
complete -c escurl -s h -l help -d 'Show this help and the exit codes'
complete -c escurl -l version -d 'Show the version, commit and OpenSSL version'
complete -c escurl -n '__escurl_npos 0' -a '$__escurl_methods' -d METHOD
complete -c escurl -n '__escurl_npos 0; and string match -qr "^[_/]" -- (commandline -ct)' -a '(__escurl_paths)'
complete -c escurl -n '__escurl_npos 0' -a tls -d subcommand
complete -c escurl -n '__escurl_subcommand_is tls' -a 'inspect'
complete -c escurl -n '__escurl_npos 0' -a completion -d subcommand
complete -c escurl -n '__escurl_subcommand_is completion' -a 'bash zsh fish'
complete -c escurl -n '__escurl_npos 0' -a config -d subcommand
complete -c escurl -n '__escurl_subcommand_is config' -a 'show profiles'
complete -c escurl -n '__escurl_npos 0' -a api-key -d subcommand
complete -c escurl -n '__escurl_subcommand_is api-key' -a 'create invalidate'
complete -c escurl -n '__escurl_npos 0' -a login -d subcommand
complete -c escurl -n '__escurl_subcommand_is login' -a ''
complete -c escurl -n '__escurl_npos 0' -a logout -d subcommand
complete -c escurl -n '__escurl_subcommand_is logout' -a ''
complete -c escurl -n '__escurl_npos 0' -a whoami -d subcommand
complete -c escurl -n '__escurl_subcommand_is whoami' -a ''
complete -c escurl -n '__escurl_method_and 1' -a '(__escurl_paths)'
complete -c escurl -n '__escurl_method_and 2' -a '(__escurl_at_file)'
