from star_cli.cli import main

main()
